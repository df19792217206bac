package dev.resque.core.admin;

import java.util.Optional;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.doctor.NamespaceDoctor;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.job.Job;
import dev.resque.core.queue.Cancellation;
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

	private final StatisticsView statistics;

	private final JobView jobs;

	private final ScheduleView schedules;

	private final RetryView retries;

	private final NamespaceDoctor doctor;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

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
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
		this.queues = new QueueView(calls, keys, pipeline);
		this.delayed = new DelayedView(calls, keys, pipeline);
		this.failures = new FailureView(calls, keys, pipeline);
		this.workers = new WorkerView(calls, keys, codec);
		this.locks = new LockView(calls, keys);
		this.counters = new Counters(calls, keys);
		this.statistics = new StatisticsView(calls, keys);
		this.jobs = new JobView(calls, keys, this.workers);
		this.schedules = new ScheduleView(calls, keys, codec);
		this.retries = new RetryView(calls, keys, codec, this.delayed);
		this.doctor = new NamespaceDoctor(calls, keys, codec, pipeline::tracking);
	}

	/** Recurring schedules at run time: add, change, pause, resume and remove; every instance's leader fires them. */
	public ScheduleView schedules() {
		return this.schedules;
	}

	/** Examines the namespace for damage, and repairs one kind of it on request. */
	public NamespaceDoctor doctor() {
		return this.doctor;
	}

	/** Retries apart from other delayed jobs: attempt, next run and last error; run now or discard. */
	public RetryView retries() {
		return this.retries;
	}

	/** Tracked jobs by id: status, progress, attempts, last error, and the history of ended jobs. */
	public JobView jobs() {
		return this.jobs;
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

	/**
	 * Cancels a job wherever it is: removed from the schedule of delayed jobs, then from its queue (every copy, each
	 * list in one atomic step), then stopped where it runs. The last is a message on the cancel channel: every
	 * instance's workers running the job have its thread interrupted (within milliseconds) and record it as
	 * cancelled, neither processed nor failed; the job can also look at {@code JobCancellation.isRequested()}.
	 * Published after the removals, so no copy is taken from the queue after the message went out.
	 */
	public Cancellation cancel(Job job) {
		int delayed = this.delayed.remove(job.queue(), job.name(), job.args()).size();
		long queued = this.queues.remove(job.queue(), job.name(), job.args());
		long running = this.workers.statuses()
			.stream()
			.filter((status) -> status.workingOn() != null && job.equals(status.workingOn().payload()))
			.count();
		this.calls.call("publish cancellation of " + job.name(),
				() -> this.calls.redis().convertAndSend(this.keys.cancelChannel(), this.codec.encode(job)));
		return new Cancellation(queued, delayed, running);
	}

	/** The per-day and per-minute job counters, for charts. */
	public StatisticsView statistics() {
		return this.statistics;
	}

	/** The processed, failed and cancelled counters, in total and per worker. */
	public ResqueStats stats() {
		return this.counters.stats();
	}

	/** The name of the scheduler that holds the leader lock, if any. */
	public Optional<String> leader() {
		return this.counters.leader();
	}

}
