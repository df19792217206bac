package dev.resque.autoconfigure;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.DelayedJobsMovedEvent;
import dev.resque.core.event.LeaderGainedEvent;
import dev.resque.core.event.LeaderLostEvent;
import dev.resque.core.event.RecurringJobFiredEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.event.ResqueSchedulerListeners;
import dev.resque.core.event.WorkerCleanedEvent;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueConfigurationException;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.ResqueWorkerContainer;

/** The scheduler: delayed jobs, dead-worker recovery and recurring jobs, run by the elected leader. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "resque.scheduler.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "resque.mode", havingValue = "redis", matchIfMissing = true)
class ResqueSchedulerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResqueScheduler resqueScheduler(ResqueShards shards, JobCodec codec, ResqueProperties properties,
			JobRegistry registry, ApplicationEventPublisher publisher, ObjectProvider<ResqueWorkerContainer> workers,
			ObjectProvider<ResqueSchedulerListener> listeners) {
		ResqueShard shard = shards.defaultShard();
		return scheduler(shard, shards, codec, properties, registry, publisher, listeners, (name) -> {
			ResqueWorkerContainer container = workers.getIfAvailable();
			return container != null && container.liveWorkerNames().contains(name);
		});
	}

	/**
	 * The schedulers of the other shards, each elected among the instances on its own namespace: it moves that
	 * shard's delayed jobs, cleans its dead workers and fires the recurring jobs whose queue lives there.
	 */
	@Bean
	@ConditionalOnResqueShards
	ResqueShardLifecycle<ResqueScheduler> resqueShardSchedulers(ResqueShards shards,
			ObjectProvider<ResqueScheduler> defaultScheduler, JobCodec codec,
			ResqueProperties properties, JobRegistry registry, ApplicationEventPublisher publisher,
			ObjectProvider<ResqueShardLifecycle<ResqueWorkerContainer>> shardWorkers,
			ObjectProvider<ResqueSchedulerListener> listeners) {
		Map<String, ResqueScheduler> schedulers = new LinkedHashMap<>();
		defaultScheduler.ifAvailable((scheduler) -> schedulers.put(ResqueShards.DEFAULT, scheduler));
		for (ResqueShard shard : shards.others()) {
			schedulers.put(shard.name(), scheduler(shard, shards, codec, properties, registry, publisher, listeners,
					(name) -> {
						ResqueShardLifecycle<ResqueWorkerContainer> workers = shardWorkers.getIfAvailable();
						ResqueWorkerContainer container = (workers != null) ? workers.members().get(shard.name()) : null;
						return container != null && container.liveWorkerNames().contains(name);
					}));
		}
		return new ResqueShardLifecycle<>(schedulers, ResqueScheduler.DEFAULT_PHASE + 1);
	}

	private static ResqueScheduler scheduler(ResqueShard shard, ResqueShards shards, JobCodec codec,
			ResqueProperties properties, JobRegistry registry, ApplicationEventPublisher publisher,
			ObjectProvider<ResqueSchedulerListener> listeners, Predicate<String> localLiveWorkers) {
		ResqueProperties.Scheduler scheduler = properties.getScheduler();
		SchedulerSettings settings = new SchedulerSettings(scheduler.getPollInterval(), scheduler.getLeaderLockTimeout(),
				scheduler.getStuckWorkerTimeout(), scheduler.getStuckJobAction(), SchedulerSettings.defaults().batchSize());
		ResqueScheduler resqueScheduler = new ResqueScheduler(shard.factory(), shard.keys(), codec, settings,
				() -> recurringJobs(properties.getSchedules(), registry).stream()
					.filter((recurring) -> shards.shardOf(recurring.job().queue()) == shard)
					.toList(),
				schedulerListeners(listeners, publisher), shard.pipeline());
		if (properties.getFailed().getMaxEntries() != null) {
			resqueScheduler.setFailedMaxEntries(properties.getFailed().getMaxEntries());
		}
		// this instance's own live workers are never taken for dead, whatever their pings say after an outage
		resqueScheduler.setLocalLiveWorkers(localLiveWorkers);
		return resqueScheduler;
	}

	/** The application's scheduler listener beans, then the publisher of Spring application events. */
	private static ResqueSchedulerListener schedulerListeners(ObjectProvider<ResqueSchedulerListener> listeners,
			ApplicationEventPublisher publisher) {
		List<ResqueSchedulerListener> all = new ArrayList<>(listeners.orderedStream().toList());
		all.add(new EventPublishingListener(publisher));
		return new ResqueSchedulerListeners(all);
	}

	/** The recurring jobs of {@code resque.schedules.*} and of {@code @ResqueJob(cron = ...)}. */
	static List<RecurringJob> recurringJobs(Map<String, ResqueProperties.Schedule> schedules, JobRegistry registry) {
		List<RecurringJob> recurring = new ArrayList<>();
		for (Map.Entry<String, ResqueProperties.Schedule> entry : schedules.entrySet()) {
			recurring.add(recurringJob(entry.getKey(), entry.getValue(), registry));
		}
		for (String name : registry.names()) {
			JobDefinition definition = registry.find(name).orElseThrow().definition();
			if (!definition.cron().isBlank()) {
				ZoneId zone = definition.zone().isBlank() ? ZoneId.of("UTC") : ZoneId.of(definition.zone());
				recurring.add(RecurringJob.cron(name, new Job(name, definition.queue(), List.of()), definition.cron(), zone));
			}
		}
		return recurring;
	}

	private static RecurringJob recurringJob(String name, ResqueProperties.Schedule schedule, JobRegistry registry) {
		String prefix = "resque.schedules." + name;
		if (schedule.getJob() == null || schedule.getJob().isBlank()) {
			throw new ResqueConfigurationException(prefix + ".job is required: the name of the job to enqueue.",
					"Set " + prefix + ".job to one of the application's jobs " + registry.names()
							+ ", or to a job another language runs together with " + prefix + ".queue.");
		}
		String queue = schedule.getQueue();
		if (queue == null || queue.isBlank()) {
			queue = registry.find(schedule.getJob())
				.map((job) -> job.definition().queue())
				.orElseThrow(() -> new ResqueConfigurationException(prefix + ".queue is required: no @ResqueJob is named \""
						+ schedule.getJob() + "\" (known: " + registry.names() + ").",
						"Name one of the known jobs in " + prefix + ".job, or set " + prefix
								+ ".queue when another language runs " + schedule.getJob() + "."));
		}
		Job job = new Job(schedule.getJob(), queue, schedule.getArgs());
		boolean hasCron = schedule.getCron() != null && !schedule.getCron().isBlank();
		if (hasCron == (schedule.getEvery() != null)) {
			throw new ResqueConfigurationException(prefix + " needs exactly one of cron and every.",
					"Set either " + prefix + ".cron (such as \"0 0 2 * * *\") or " + prefix + ".every (such as 10m).");
		}
		try {
			return hasCron ? RecurringJob.cron(name, job, schedule.getCron(), schedule.getZone())
					: RecurringJob.every(name, job, schedule.getEvery());
		}
		catch (IllegalArgumentException ex) {
			throw new ResqueConfigurationException(prefix + " cannot be scheduled: " + ex.getMessage() + ".",
					"Use a six-field cron expression (second minute hour day month weekday, such as \"0 0 2 * * *\") "
							+ "and a zone id such as Europe/Paris, or an interval of at least a second.",
					ex);
		}
	}

	/** Publishes the scheduler's events as Spring application events. */
	static final class EventPublishingListener implements ResqueSchedulerListener {

		private final ApplicationEventPublisher publisher;

		EventPublishingListener(ApplicationEventPublisher publisher) {
			this.publisher = publisher;
		}

		@Override
		public void leaderGained(LeaderGainedEvent event) {
			this.publisher.publishEvent(event);
		}

		@Override
		public void leaderLost(LeaderLostEvent event) {
			this.publisher.publishEvent(event);
		}

		@Override
		public void delayedJobsMoved(DelayedJobsMovedEvent event) {
			this.publisher.publishEvent(event);
		}

		@Override
		public void workerCleaned(WorkerCleanedEvent event) {
			this.publisher.publishEvent(event);
		}

		@Override
		public void recurringJobFired(RecurringJobFiredEvent event) {
			this.publisher.publishEvent(event);
		}

	}

}
