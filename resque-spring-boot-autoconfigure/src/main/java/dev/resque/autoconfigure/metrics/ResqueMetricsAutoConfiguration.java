package dev.resque.autoconfigure.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.ResqueProperties;
import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.scheduler.ResqueScheduler;

/** Micrometer meters for Resque, when Micrometer and a meter registry are there. */
@AutoConfiguration(after = ResqueAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ResqueAdmin.class })
public final class ResqueMetricsAutoConfiguration {

	/** Gauges read Redis at most this often, however often they are scraped. */
	private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	ResqueMetrics resqueMetrics(ObjectProvider<ResqueAdmin> admin, ObjectProvider<ResqueScheduler> scheduler,
			ObjectProvider<JobRegistry> registry, ObjectProvider<ResqueShards> shards, ResqueProperties properties) {
		// with shards, the gauges add up every shard: the application's Redis and the others
		return new ResqueMetrics(ResqueSnapshot.ofShards(() -> {
			List<ResqueAdmin> admins = new ArrayList<>(List.of(admin.getObject()));
			shards.ifAvailable((all) -> all.others().forEach((shard) -> admins.add(shard.admin())));
			return admins;
		}, GAUGE_REFRESH), () -> {
			ResqueScheduler current = scheduler.getIfAvailable();
			return current != null && current.isLeader();
		}, (name) -> {
			JobRegistry jobs = registry.getIfAvailable();
			return jobs != null && jobs.find(name).isPresent();
		}, () -> known(registry.getIfAvailable(), properties));
	}

	/**
	 * The jobs are registered once every singleton exists, which may be after the meters were bound: their
	 * counters and queues join then. This bean comes after the job registrar, whose configuration is imported
	 * first.
	 */
	@Bean
	SmartInitializingSingleton resqueMetricsOfRegisteredJobs(ObjectProvider<ResqueMetrics> metrics) {
		return () -> metrics.ifAvailable(ResqueMetrics::registerKnown);
	}

	@Bean
	MeterFilter resqueObservationDescriptions() {
		return new ResqueObservationDescriptions();
	}

	/**
	 * The registered jobs on their declared queues, and the queues this application names without reading Redis:
	 * those of the jobs, of its workers ({@code *} aside) and of its recurring schedules.
	 */
	static ResqueMetrics.Known known(JobRegistry registry, ResqueProperties properties) {
		Map<String, String> jobs = new LinkedHashMap<>();
		Set<String> queues = new TreeSet<>();
		if (registry != null) {
			for (String name : registry.names()) {
				registry.find(name).ifPresent((job) -> jobs.put(name, job.definition().queue()));
			}
		}
		queues.addAll(jobs.values());
		ResqueProperties.Worker worker = properties.getWorker();
		if (worker.isEnabled() && properties.getMode() == ResqueProperties.Mode.REDIS) {
			if (worker.getPools().isEmpty()) {
				queues.addAll(worker.getQueues());
			}
			for (ResqueProperties.Pool pool : worker.getPools().values()) {
				List<String> poolQueues = pool.getQueues();
				queues.addAll((poolQueues != null) ? poolQueues : worker.getQueues());
			}
		}
		for (ResqueProperties.Schedule schedule : properties.getSchedules().values()) {
			if (schedule.getQueue() != null && !schedule.getQueue().isBlank()) {
				queues.add(schedule.getQueue());
			}
		}
		queues.remove("*");
		return new ResqueMetrics.Known(jobs, queues);
	}

}
