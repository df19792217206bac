package dev.resque.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
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
			ObjectProvider<JobRegistry> registry) {
		return new ResqueMetrics(new ResqueSnapshot(admin::getObject, GAUGE_REFRESH), () -> {
			ResqueScheduler current = scheduler.getIfAvailable();
			return current != null && current.isLeader();
		}, (name) -> {
			JobRegistry jobs = registry.getIfAvailable();
			return jobs != null && jobs.find(name).isPresent();
		});
	}

}
