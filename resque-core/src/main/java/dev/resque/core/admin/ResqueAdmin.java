package dev.resque.core.admin;

import java.util.Optional;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.queue.ResqueStats;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * Reads and manages what is in Redis, whichever language wrote it: {@link #queues()}, {@link #delayed()},
 * {@link #failures()}, {@link #workers()} and {@link #locks()}, the counters ({@link #stats()}) and the
 * scheduler's leader. Every aggregate is a few round trips however many queues, timestamps or workers there are.
 *
 * <pre class="code">
 * admin.queues().lengths();          // {mailers=3, reports=0}
 * admin.failures().retryAll();       // every failed job back on its queue
 * admin.delayed().count();
 * </pre>
 */
public final class ResqueAdmin {

	private final QueueView queues;

	private final DelayedView delayed;

	private final FailureView failures;

	private final WorkerView workers;

	private final LockView locks;

	private final Counters counters;

	/** An admin over the default namespace, reading node-resque's dialect (it reads every peer's). */
	public ResqueAdmin(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, ResqueKeys.defaults(), new JobCodec());
	}

	public ResqueAdmin(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec) {
		this(new RedisCalls(connectionFactory), keys, EnqueuePipeline.plain(codec));
	}

	/**
	 * @param pipeline how a retried failed job, or a delayed job enqueued now, reaches its queue: with the
	 * template's plugins and listener
	 */
	public ResqueAdmin(RedisCalls calls, ResqueKeys keys, EnqueuePipeline pipeline) {
		JobCodec codec = pipeline.codec();
		this.queues = new QueueView(calls, keys, pipeline);
		this.delayed = new DelayedView(calls, keys, pipeline);
		this.failures = new FailureView(calls, keys, pipeline);
		this.workers = new WorkerView(calls, keys, codec);
		this.locks = new LockView(calls, keys);
		this.counters = new Counters(calls, keys);
	}

	public QueueView queues() {
		return this.queues;
	}

	public DelayedView delayed() {
		return this.delayed;
	}

	public FailureView failures() {
		return this.failures;
	}

	public WorkerView workers() {
		return this.workers;
	}

	public LockView locks() {
		return this.locks;
	}

	/** The processed and failed counters, in total and per worker. */
	public ResqueStats stats() {
		return this.counters.stats();
	}

	/** The name of the scheduler that holds the leader lock, if any. */
	public Optional<String> leader() {
		return this.counters.leader();
	}

}
