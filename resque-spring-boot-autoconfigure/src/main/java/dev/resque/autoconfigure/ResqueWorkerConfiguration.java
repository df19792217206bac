package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.system.JavaVersion;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueJobListeners;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueConfigurationException;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.QueueLimit;
import dev.resque.core.worker.QueueOrder;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.StatsRetention;
import dev.resque.core.worker.WorkerPoolSettings;

/**
 * The workers: pools of threads that run the application's {@code @ResqueJob} beans. The threads are virtual
 * when {@code spring.threads.virtual.enabled} is set on Java 21 or later, else platform threads; a
 * {@link ResqueWorkerContainerCustomizer} bean may supply a thread factory of its own.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "resque.worker.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "resque.mode", havingValue = "redis", matchIfMissing = true)
class ResqueWorkerConfiguration {

	/** Spring Boot's default for {@code spring.lifecycle.timeout-per-shutdown-phase}. */
	private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

	/** Left of the shutdown phase for giving unfinished jobs back and unregistering. */
	private static final Duration REQUEUE_MARGIN = Duration.ofSeconds(1);

	@Bean
	@ConditionalOnMissingBean
	JobInvoker resqueJobInvoker(JobRegistry registry, JobCodec codec) {
		return new JobInvoker(registry, codec);
	}

	@Bean
	@ConditionalOnMissingBean
	ResqueWorkerContainer resqueWorkerContainer(ResqueShards shards, JobCodec codec, JobInvoker invoker,
			ObjectProvider<ResqueJobListener> listeners, ApplicationEventPublisher publisher,
			ResqueProperties properties, Environment environment, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<ResqueWorkerContainerCustomizer> customizers) {
		return container(shards.defaultShard(), shards, codec, invoker, listeners, publisher, properties, environment,
				observations, customizers);
	}

	/**
	 * The workers of the other shards, each taking the queues that live there; all shards' workers, the default
	 * one's included, are stopped together.
	 */
	@Bean
	@ConditionalOnResqueShards
	ResqueShardLifecycle<ResqueWorkerContainer> resqueShardWorkers(ResqueShards shards,
			ObjectProvider<ResqueWorkerContainer> defaultWorkers, JobCodec codec, JobInvoker invoker,
			ObjectProvider<ResqueJobListener> listeners, ApplicationEventPublisher publisher,
			ResqueProperties properties, Environment environment, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<ResqueWorkerContainerCustomizer> customizers) {
		Map<String, ResqueWorkerContainer> containers = new LinkedHashMap<>();
		defaultWorkers.ifAvailable((container) -> containers.put(ResqueShards.DEFAULT, container));
		for (ResqueShard shard : shards.others()) {
			containers.put(shard.name(), container(shard, shards, codec, invoker, listeners, publisher, properties,
					environment, observations, customizers));
		}
		return new ResqueShardLifecycle<>(containers, ResqueWorkerContainer.DEFAULT_PHASE + 1);
	}

	private static ResqueWorkerContainer container(ResqueShard shard, ResqueShards shards, JobCodec codec,
			JobInvoker invoker, ObjectProvider<ResqueJobListener> listeners, ApplicationEventPublisher publisher,
			ResqueProperties properties, Environment environment, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<ResqueWorkerContainerCustomizer> customizers) {
		ObservationRegistry observationRegistry = observations.getIfAvailable();
		List<ResqueJobListener> all = new ArrayList<>(listeners.orderedStream().toList());
		all.add(new ApplicationEventJobListener(publisher));
		ResqueProperties.Worker worker = properties.getWorker();
		ResqueWorkerContainer container = new ResqueWorkerContainer(shard.factory(), shard.keys(), codec, invoker,
				shard.plugins(), new ResqueJobListeners(all), poolsOn(shard, shards, pools(worker)),
				worker.getPingInterval(), shutdownTimeout(environment));
		if (observationRegistry != null) {
			container.setObservationRegistry(observationRegistry);
		}
		container.setMaxPayloadSize(worker.getMaxPayloadSize().toBytes());
		container.setJobTimeout(worker.getJobTimeout());
		container.setJobTimeoutGrace(worker.getJobTimeoutGrace());
		container.setStuckJobAction(properties.getScheduler().getStuckJobAction());
		container.setQueueLimits(queueLimits(properties));
		ResqueProperties.Stats stats = properties.getStats();
		container.setStatsRetention(stats.isEnabled()
				? new StatsRetention(stats.getDayRetention(), stats.getMinuteRetention()) : null);
		container.setTracking(properties.toJobTracking());
		if (virtualThreads(worker, environment)) {
			// only here, on Java 21 or later: the executor's constructor refuses older runtimes
			container.setThreadFactory(new VirtualThreadTaskExecutor("resque-").getVirtualThreadFactory());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(container));
		return container;
	}

	/**
	 * The pools as they run on one shard: a pool of every queue ("*") takes every queue of the shard's namespace;
	 * a pool that lists queues takes those that live on the shard, and runs there only if one does.
	 */
	static List<WorkerPoolSettings> poolsOn(ResqueShard shard, ResqueShards shards, List<WorkerPoolSettings> pools) {
		if (!shards.isSharded()) {
			return pools;
		}
		List<WorkerPoolSettings> here = new ArrayList<>();
		for (WorkerPoolSettings pool : pools) {
			if (pool.isWildcard()) {
				here.add(pool);
				continue;
			}
			List<String> queues = pool.queues().stream().filter((queue) -> shards.shardOf(queue) == shard).toList();
			if (!queues.isEmpty()) {
				here.add(new WorkerPoolSettings(pool.name(), queues, pool.concurrency(), pool.pollInterval(),
						pool.order()));
			}
		}
		return here;
	}

	/** {@code resque.worker.virtual-threads}, else Spring Boot's {@code spring.threads.virtual.enabled}. */
	private static boolean virtualThreads(ResqueProperties.Worker worker, Environment environment) {
		if (!worker.isVirtualThreads()) {
			return Threading.VIRTUAL.isActive(environment);
		}
		if (!JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
			throw new ResqueConfigurationException("resque.worker.virtual-threads is true, but this JVM is Java "
					+ Runtime.version().feature() + ", which has no virtual threads.",
					"Run on Java 21 or later, or leave resque.worker.virtual-threads unset: worker threads are then "
							+ "platform threads.");
		}
		return true;
	}

	static List<WorkerPoolSettings> pools(ResqueProperties.Worker worker) {
		int concurrency = (worker.getConcurrency() != null) ? worker.getConcurrency()
				: Runtime.getRuntime().availableProcessors();
		if (worker.getPools().isEmpty()) {
			return List.of(pool("resque.worker", "default", worker.getQueues(), concurrency, worker.getPollInterval(),
					order(worker.getQueueOrder(), worker.getWeights())));
		}
		List<WorkerPoolSettings> pools = new ArrayList<>();
		for (Map.Entry<String, ResqueProperties.Pool> entry : worker.getPools().entrySet()) {
			ResqueProperties.Pool pool = entry.getValue();
			pools.add(pool("resque.worker.pools." + entry.getKey(), entry.getKey(),
					(pool.getQueues() != null) ? pool.getQueues() : worker.getQueues(),
					(pool.getConcurrency() != null) ? pool.getConcurrency() : concurrency,
					(pool.getPollInterval() != null) ? pool.getPollInterval() : worker.getPollInterval(),
					order((pool.getQueueOrder() != null) ? pool.getQueueOrder() : worker.getQueueOrder(),
							(pool.getWeights() != null) ? pool.getWeights() : worker.getWeights())));
		}
		return pools;
	}

	/** A pool's settings; ones no pool could run with stop startup, naming the properties to change. */
	static Map<String, QueueLimit> queueLimits(ResqueProperties properties) {
		Map<String, QueueLimit> limits = new LinkedHashMap<>();
		properties.getQueues().forEach((queue, settings) -> {
			if (settings.getMaxConcurrency() != null || settings.getRateLimit() != null) {
				limits.put(queue, new QueueLimit(settings.getMaxConcurrency(), settings.getRateLimit(),
						settings.getRatePeriod()));
			}
		});
		return limits;
	}

	private static QueueOrder order(ResqueProperties.QueueOrderMode mode, Map<String, Integer> weights) {
		return (mode == ResqueProperties.QueueOrderMode.WEIGHTED) ? QueueOrder.weighted(weights) : QueueOrder.strict();
	}

	private static WorkerPoolSettings pool(String prefix, String name, List<String> queues, int concurrency,
			Duration pollInterval, QueueOrder order) {
		try {
			return new WorkerPoolSettings(name, queues, concurrency, pollInterval, order);
		}
		catch (IllegalArgumentException ex) {
			throw new ResqueConfigurationException(ex.getMessage() + " (" + prefix + ").",
					"Set " + prefix + ".concurrency to 1 or more, " + prefix + ".queues to at least one queue (\"*\" "
							+ "alone for all) and a positive " + prefix + ".poll-interval; or resque.worker.enabled=false "
							+ "for no workers.",
					ex);
		}
	}

	/** Running jobs get the shutdown phase's time, less a moment to give back what did not finish. */
	static Duration shutdownTimeout(Environment environment) {
		Duration phase = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(DEFAULT_PHASE_TIMEOUT);
		Duration timeout = phase.minus(REQUEUE_MARGIN);
		return (timeout.compareTo(Duration.ofMillis(100)) < 0) ? phase.dividedBy(2) : timeout;
	}

}
