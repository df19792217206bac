package dev.resque.benchmark;

import java.time.Duration;
import java.util.List;

import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ReplicaWait;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;

/**
 * One run of a workload: its own namespace on the shared server, a template to enqueue with, and what it takes to
 * start workers, built as the auto-configuration builds them but without Spring.
 */
final class BenchmarkRun {

	/** The queue every workload uses. */
	static final String QUEUE = "bench";

	/** The default {@code resque.worker.poll-interval}: idle workers rely on wake-ups, not on polling. */
	static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	private final BenchmarkOptions options;

	private final BenchmarkRedis redis;

	private final ResqueKeys keys;

	private final JobCodec codec = new JobCodec();

	private final ResqueTemplate template;

	BenchmarkRun(BenchmarkOptions options, BenchmarkRedis redis, String namespace) {
		this.options = options;
		this.redis = redis;
		this.keys = new ResqueKeys(namespace);
		RedisCalls calls = new RedisCalls(redis.connectionFactory());
		if (options.waitReplicas() > 0) {
			calls.setReplicaWait(new ReplicaWait(options.waitReplicas(), Duration.ofSeconds(1)));
		}
		EnqueuePipeline pipeline = EnqueuePipeline.plain(this.codec);
		if (options.untracked()) {
			pipeline.setTracking(JobTracking.off());
		}
		this.template = new ResqueTemplate(calls, this.keys, pipeline);
	}

	BenchmarkOptions options() {
		return this.options;
	}

	int jobs() {
		return this.options.jobs();
	}

	RedisConnectionFactory connectionFactory() {
		return this.redis.connectionFactory();
	}

	StringRedisTemplate redis() {
		return this.redis.template();
	}

	ResqueKeys keys() {
		return this.keys;
	}

	JobCodec codec() {
		return this.codec;
	}

	ResqueTemplate template() {
		return this.template;
	}

	/** A container with one pool of {@code --workers} threads on {@link #QUEUE} running the given job objects. */
	ResqueWorkerContainer workers(Object... jobs) {
		return workers(connectionFactory(), List.of(QUEUE), jobs);
	}

	/** A container on another server (a shard), with one pool of {@code --workers} threads on these queues. */
	ResqueWorkerContainer workers(RedisConnectionFactory server, List<String> queues, Object... jobs) {
		JobRegistry registry = new JobRegistry();
		for (Object job : jobs) {
			registry.register(JobDefinition.of(job.getClass()), () -> job);
		}
		WorkerPoolSettings pool = new WorkerPoolSettings("bench", queues, this.options.workers(), POLL_INTERVAL);
		ResqueWorkerContainer container = new ResqueWorkerContainer(server, this.keys, this.codec,
				new JobInvoker(registry, this.codec), new ResqueJobListener() {
				}, List.of(pool), Duration.ofSeconds(5), Duration.ofSeconds(10));
		if (this.options.threads().equals("virtual")) {
			// as the auto-configuration sets them up for resque.worker.virtual-threads
			container.setThreadFactory(new VirtualThreadTaskExecutor("resque-").getVirtualThreadFactory());
		}
		return container;
	}

}
