package dev.resque.core.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.WorkerHungEvent;
import dev.resque.core.job.Durations;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.redis.RedisEndpoints;
import dev.resque.core.redis.ResqueKeys;

/**
 * Runs the worker pools of an application. Started after all beans exist; on shutdown the workers stop taking
 * jobs, running jobs get until the shutdown timeout to finish, and jobs still running then are put back at the
 * head of their queue before the workers unregister, all before the Redis connection closes. The worker threads
 * are supervised by {@link WorkerThreads}, pinged for by {@link WorkerPings} from a thread of their own, and woken
 * by {@link WakeUpSubscription}.
 */
public class ResqueWorkerContainer implements SmartLifecycle {

	/** Late start, early stop: after the Redis connection factory (phase 0) starts, before it stops. */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	/** How long a job may go on after the interrupt of its timeout before its worker is given up on as hung. */
	public static final Duration DEFAULT_JOB_TIMEOUT_GRACE = Duration.ofSeconds(5);

	/** Payloads above this size are failed without being decoded, unless set otherwise. */
	public static final long DEFAULT_MAX_PAYLOAD_SIZE = 16L * 1024 * 1024;

	private static final Logger log = LoggerFactory.getLogger(ResqueWorkerContainer.class);

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final JobInvoker invoker;

	private final JobPlugins plugins;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private long maxPayloadSize = DEFAULT_MAX_PAYLOAD_SIZE;

	private final ResqueJobListener listener;

	private final List<WorkerPoolSettings> poolSettings;

	private final Duration pingInterval;

	private final Duration shutdownTimeout;

	private final RedisOutage outage;

	private final Clock clock = Clock.systemUTC();

	private final List<WorkerPool> pools = new ArrayList<>();

	private ThreadFactory threadFactory = Thread::new;

	private volatile WorkerThreads threads = new WorkerThreads(this.threadFactory);

	private ScheduledExecutorService pinger;

	private WakeUpSubscription wakeUps;

	private volatile boolean running;

	private final WorkerPings pings;

	private @Nullable Duration jobTimeout;

	private Duration jobTimeoutGrace = DEFAULT_JOB_TIMEOUT_GRACE;

	private StuckJobAction stuckJobAction = StuckJobAction.REQUEUE;

	private Map<String, QueueLimit> queueLimits = Map.of();

	private @Nullable StatsRetention stats = StatsRetention.defaults();

	private JobTracking tracking = JobTracking.defaults();

	private volatile @Nullable JobTimeouts timeouts;

	private volatile @Nullable JobStatistics statistics;

	private volatile @Nullable WorkerContext context;

	private volatile @Nullable JobProcessor processor;

	public ResqueWorkerContainer(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			JobInvoker invoker, ResqueJobListener listener, List<WorkerPoolSettings> pools, Duration pingInterval,
			Duration shutdownTimeout) {
		this(connectionFactory, keys, codec, invoker, JobPlugins.none(), listener, pools, pingInterval, shutdownTimeout);
	}

	/** A container whose workers run the jobs' perform plugins. */
	public ResqueWorkerContainer(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			JobInvoker invoker, JobPlugins plugins, ResqueJobListener listener, List<WorkerPoolSettings> pools,
			Duration pingInterval, Duration shutdownTimeout) {
		this.plugins = plugins;
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keys = keys;
		this.codec = codec;
		this.invoker = invoker;
		this.listener = listener;
		this.poolSettings = List.copyOf(pools);
		this.pingInterval = pingInterval;
		this.shutdownTimeout = shutdownTimeout;
		this.outage = new RedisOutage(RedisEndpoints.describe(connectionFactory));
		this.pings = new WorkerPings(this.redis, keys, codec, this.outage, this.clock, slotLease(pingInterval));
	}

	/** Observes each job's processing ({@code resque.job.process}: a timer and a long-task timer with Micrometer). */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Payloads bigger than this many bytes go to the failed queue without being decoded: a huge payload would
	 * otherwise take the heap of every worker that tries it.
	 */
	public void setMaxPayloadSize(long maxPayloadSize) {
		if (maxPayloadSize < 1) {
			throw new IllegalArgumentException("The maximum payload size must be positive");
		}
		this.maxPayloadSize = maxPayloadSize;
	}

	/**
	 * Where the worker threads come from; {@code Thread::new} unless set. A factory of virtual threads, say, or
	 * one that sets a priority, a thread group or a context class loader. A factory rather than an executor:
	 * the container supervises each thread (tells a live worker from a dead one, waits for it at shutdown,
	 * replaces it when it dies), and a pooled executor could leave a worker queued behind others for good. The
	 * container names each thread {@code resque-<pool>-<n> (<worker name>)}, whatever the factory called it, so
	 * that a thread dump ties it to its registered worker. Pings and wake-ups keep platform threads of their
	 * own, which no job can hold up. Takes effect at the next {@link #start()}.
	 */
	public void setThreadFactory(ThreadFactory threadFactory) {
		this.threadFactory = threadFactory;
	}

	/**
	 * How long a job may run when its {@code @ResqueJob} sets no timeout; {@code null} (the default) for no limit.
	 * Past its timeout a job's thread is interrupted and the job fails with {@link JobTimeoutException}. Takes
	 * effect at the next {@link #start()}.
	 */
	public void setJobTimeout(@Nullable Duration jobTimeout) {
		if (jobTimeout != null && (jobTimeout.isNegative() || jobTimeout.isZero())) {
			throw new IllegalArgumentException("A job timeout must be positive, not " + jobTimeout);
		}
		this.jobTimeout = jobTimeout;
	}

	/**
	 * How long a job may go on after the interrupt of its timeout; past that its worker is hung: the job is handled
	 * by the {@linkplain #setStuckJobAction stuck-job action}, the worker unregisters, a new worker takes its place,
	 * and {@link #problems()} reports the hung thread until it ends. Takes effect at the next {@link #start()}.
	 */
	public void setJobTimeoutGrace(Duration grace) {
		if (grace.isNegative()) {
			throw new IllegalArgumentException("The grace after a job's timeout cannot be negative: " + grace);
		}
		this.jobTimeoutGrace = grace;
	}

	/**
	 * Limits of queues, by queue: how many of their jobs may run at once and how many may be taken within a period,
	 * across every instance that is given the same limits. Takes effect at the next {@link #start()}.
	 */
	public void setQueueLimits(Map<String, QueueLimit> queueLimits) {
		this.queueLimits = Map.copyOf(queueLimits);
	}

	/**
	 * How long the per-day and per-minute counters the workers write are kept ({@link StatsRetention#defaults()}
	 * unless set); {@code null} for none. Takes effect at the next {@link #start()}.
	 */
	public void setStatsRetention(@Nullable StatsRetention stats) {
		this.stats = stats;
	}

	/**
	 * How long a concurrency slot lasts unless renewed: three pings, so that a live worker's slot never lapses
	 * and a dead one's frees within moments of its last ping going stale.
	 */
	static Duration slotLease(Duration pingInterval) {
		return pingInterval.multipliedBy(3);
	}

	/** What becomes of the job of a hung worker: back at the head of its queue (the default) or failed. */
	/**
	 * How jobs are tracked (on by default): the take and finish script writes a tracked job's status, and a job
	 * may report its progress ({@link JobContext#progress}). It must match the templates' setting.
	 */
	public void setTracking(JobTracking tracking) {
		this.tracking = Objects.requireNonNull(tracking, "tracking");
	}

	public void setStuckJobAction(StuckJobAction stuckJobAction) {
		this.stuckJobAction = stuckJobAction;
	}

	/** Whether any worker of this container is running a job right now. */
	public long busyWorkers() {
		return this.pools.stream().flatMap((pool) -> pool.workers().stream()).filter(ResqueWorker::isBusy).count();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.pools.clear();
		JobTimeouts timeouts = new JobTimeouts(this.jobTimeout, this.jobTimeoutGrace, this::hung);
		JobStatistics statistics = (this.stats != null) ? new JobStatistics(this.redis, this.keys, this.stats, this.clock)
				: null;
		this.statistics = statistics;
		WorkerContext context = new WorkerContext(this.redis, this.keys, this.codec, this.invoker, this.plugins,
				this.listener, this.outage, this.clock, this.observationRegistry, this.maxPayloadSize, timeouts,
				this.queueLimits, slotLease(this.pingInterval), this.invoker.jobLimits(), statistics, this.tracking);
		JobProcessor processor = new JobProcessor(context);
		this.timeouts = timeouts;
		this.context = context;
		this.processor = processor;
		WorkerThreads threads = new WorkerThreads(this.threadFactory);
		for (WorkerPoolSettings settings : this.poolSettings) {
			WorkerPool pool = new WorkerPool(settings, this.redis, this.keys);
			for (int i = 0; i < settings.concurrency(); i++) {
				ResqueWorker worker = new ResqueWorker(WorkerNames.next(), pool, context, processor);
				pool.add(worker);
				threads.add(pool, worker, i + 1);
			}
			this.pools.add(pool);
		}
		this.threads = threads;
		this.wakeUps = new WakeUpSubscription(this.connectionFactory, this.keys, this.pools, this::cancel);
		this.wakeUps.start();
		this.threads.startAll();
		this.pinger = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "resque-ping");
			thread.setDaemon(true);
			return thread;
		});
		this.pinger.scheduleWithFixedDelay(this::pingAndSupervise, this.pingInterval.toMillis(),
				this.pingInterval.toMillis(), TimeUnit.MILLISECONDS);
		this.pings.reset();
		this.running = true;
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public synchronized void stop(Runnable callback) {
		if (!this.running) {
			callback.run();
			return;
		}
		this.running = false;
		this.pools.forEach(WorkerPool::stop);
		this.threads.awaitEnd(this.shutdownTimeout);
		this.threads.abandonUnfinished();
		JobTimeouts timeouts = this.timeouts;
		if (timeouts != null) {
			timeouts.stop();
		}
		this.pinger.shutdownNow();
		try {
			this.pinger.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// a ping that raced with unregistration re-asserted the registration: remove it again (a worker that
		// still holds a job it could not give back keeps it, for the scheduler to recover)
		// (only while Redis answers: with Redis away each call would wait out the command timeout)
		boolean answered = true;
		for (ResqueWorker worker : this.pools.stream().flatMap((pool) -> pool.workers().stream()).toList()) {
			answered = worker.redisAnsweredUnregister();
			if (answered) {
				worker.removeRegistration();
				answered = worker.redisAnsweredUnregister();
			}
			if (!answered) {
				break;
			}
		}
		if (answered) {
			this.pings.forgetProcess();
		}
		JobStatistics statistics = this.statistics;
		if (statistics != null) {
			statistics.flush();
		}
		this.wakeUps.stop();
		callback.run();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

	/**
	 * The names of this container's workers whose threads are alive: workers the scheduler of this instance
	 * must never take for dead, whatever their ping says (after an outage, pings are stale for a while).
	 */
	public Set<String> liveWorkerNames() {
		return this.running ? this.threads.liveWorkerNames() : new HashSet<>();
	}

	/**
	 * What keeps this container's workers from working, for health: worker threads that died and are not
	 * replaced yet, or pings that have not reached Redis for three ping intervals (other instances would take
	 * these workers for dead). Empty when all is well.
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (!this.running) {
			return problems;
		}
		for (String worker : this.threads.deadWorkerNames()) {
			problems.add("the thread of worker " + worker + " died");
		}
		problems.addAll(this.threads.hungWorkers());
		Duration silent = this.pings.silence();
		if (silent.compareTo(this.pingInterval.multipliedBy(3)) > 0) {
			problems.add("workers have not pinged Redis for " + silent.toSeconds() + " s");
		}
		return problems;
	}

	/** The names of this container's workers, as registered. */
	public List<String> workerNames() {
		return this.pools.stream().flatMap((pool) -> pool.workers().stream()).map(ResqueWorker::name).toList();
	}

	/**
	 * On the timeout thread: a job ignored the interrupt of its timeout for the grace period. Its worker is given
	 * up on (its job requeued or failed, its registration removed) and a new worker takes its place in the pool.
	 */
	private void hung(ResqueWorker worker, RunningJob running, Duration timeout) {
		TakenJob taken = running.taken();
		Job job = running.job();
		WorkerContext context = this.context;
		JobProcessor processor = this.processor;
		if (!this.running || context == null || processor == null) {
			return;
		}
		JobTimeoutException reason = new JobTimeoutException(job.name(), timeout, null);
		boolean requeued = worker.abandonHung(taken, this.stuckJobAction, reason);
		ResqueWorker replacement = new ResqueWorker(WorkerNames.next(), worker.pool(), context, processor);
		worker.pool().replace(worker, replacement);
		this.threads.replaceHung(worker, replacement, running.thread(), job.name());
		log.error("Worker {} is hung: job {} from queue {} ignored the interrupt of its {} timeout for {}; the job {}, "
				+ "and worker {} took its place", worker.name(), job.name(), taken.queue(), Durations.format(timeout),
				Durations.format(this.jobTimeoutGrace),
				requeued ? "went back to the head of its queue" : "was moved to the failed queue", replacement.name());
		this.listener.workerHung(new WorkerHungEvent(worker.name(), job, timeout, requeued, replacement.name()));
	}

	/**
	 * On the subscription thread: a cancellation published by {@code ResqueAdmin.cancel} on any instance. Each of
	 * this container's workers running that job has its thread interrupted.
	 */
	private void cancel(String message) {
		Job job;
		try {
			job = this.codec.decode(message, "");
		}
		catch (RuntimeException ex) {
			log.warn("Ignoring a cancellation that names no job ({}): {}", ex.getMessage(), message);
			return;
		}
		for (WorkerPool pool : this.pools) {
			for (ResqueWorker worker : pool.workers()) {
				if (worker.cancel(job)) {
					log.info("Cancelling job {} on worker {}", job.name(), worker.name());
				}
			}
		}
	}

	/** Runs on the ping thread; whatever goes wrong, the next tick runs (a scheduled task that throws never does). */
	private void pingAndSupervise() {
		try {
			if (this.running) {
				this.threads.replaceDead();
				this.wakeUps.ensureStarted();
			}
			this.pings.ping(this.pools);
			JobStatistics statistics = this.statistics;
			if (statistics != null) {
				statistics.flush();
			}
		}
		catch (Throwable ex) {
			log.error("Pinging workers failed; trying again in {}", this.pingInterval, ex);
		}
	}

}
