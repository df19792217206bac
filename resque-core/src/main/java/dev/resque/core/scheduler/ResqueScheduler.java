package dev.resque.core.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.SchedulerDuties.Duty;
import dev.resque.core.worker.WorkerNames;

/**
 * The scheduler: every application instance runs one, and the one holding the leader lock (shared with
 * node-resque's and resque-scheduler-style schedulers on the same namespace) moves due delayed jobs to their
 * queues ({@link DelayedJobMover}), removes workers that stopped pinging ({@link DeadWorkerCleaner}) and fires
 * recurring jobs ({@link RecurringJobFirer}). Each of these steps is atomic in Redis, so a scheduler that dies at
 * any point loses no job; each duty runs under supervision, so one that fails stops none of the others, and
 * {@link #stalledDuties()} names one that has not completed lately.
 */
public class ResqueScheduler implements SmartLifecycle {

	/** Stops after the workers (a higher phase) and before the Redis connection factory (phase 0). */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 1000;

	private static final Logger log = LoggerFactory.getLogger(ResqueScheduler.class);

	private static final AtomicInteger sequence = new AtomicInteger();

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final SchedulerSettings settings;

	private final Supplier<List<RecurringJob>> recurringJobs;

	private final ResqueSchedulerListener listener;

	private final String name;

	private final Clock clock;

	private final Object monitor = new Object();

	private volatile boolean running;

	private Thread thread;

	private volatile @Nullable List<RecurringJob> schedules;

	private volatile boolean redisDown;

	/** When Redis came back after an outage this scheduler saw: stale pings prove nothing for a while after. */
	private volatile @Nullable Instant trustedSince;

	private final SchedulerDuties duties;

	private final Leadership leadership;

	private final DelayedJobMover mover;

	private final DeadWorkerCleaner cleaner;

	private final RecurringJobFirer firer;

	private final FailedQueueCap failedCap;

	private final HistoryPruner historyPruner;

	private final DynamicSchedules dynamicSchedules;

	/** Dynamic schedules already reported as shadowed by a configured one. */
	private final Set<String> shadowed = ConcurrentHashMap.newKeySet();

	public ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener) {
		this(connectionFactory, keys, codec, settings, recurringJobs, listener, EnqueuePipeline.plain(codec),
				Clock.systemUTC());
	}

	/**
	 * A scheduler whose delayed moves and recurring firings go through an enqueue pipeline: the jobs' plugins,
	 * the job listener and the observation, as the template's enqueues do.
	 */
	public ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener,
			EnqueuePipeline pipeline) {
		this(connectionFactory, keys, codec, settings, recurringJobs, listener, pipeline, Clock.systemUTC());
	}

	ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener,
			Clock clock) {
		this(connectionFactory, keys, codec, settings, recurringJobs, listener, EnqueuePipeline.plain(codec), clock);
	}

	ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener,
			EnqueuePipeline pipeline, Clock clock) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keys = keys;
		this.settings = settings;
		this.recurringJobs = recurringJobs;
		this.listener = listener;
		this.clock = clock;
		this.name = WorkerNames.processId() + "+scheduler-" + sequence.incrementAndGet();
		this.duties = new SchedulerDuties(clock);
		this.leadership = new Leadership(this.redis, keys, settings, listener, this.name, clock);
		this.mover = new DelayedJobMover(this.redis, keys, codec, settings, pipeline, listener, clock, this.name);
		this.cleaner = new DeadWorkerCleaner(this.redis, keys, codec, settings, listener, clock, this.name);
		this.firer = new RecurringJobFirer(this.redis, keys, pipeline, listener, clock);
		this.failedCap = new FailedQueueCap(this.redis, keys);
		this.historyPruner = new HistoryPruner(this.redis, keys, clock);
		this.dynamicSchedules = new DynamicSchedules(this.redis, keys, codec);
		setTracking(pipeline.tracking());
	}

	/**
	 * How jobs are tracked ({@link JobTracking#defaults()} unless set): the delayed moves and the dead-worker
	 * recovery update tracked jobs' statuses, and as leader this scheduler keeps the history within its caps. It
	 * must match the templates' and the workers' setting.
	 */
	public void setTracking(JobTracking tracking) {
		this.mover.tracking(tracking);
		this.cleaner.tracking(tracking);
		this.historyPruner.tracking(tracking);
	}

	/**
	 * Caps the failed queue: as leader, this scheduler removes its oldest entries beyond {@code maxEntries}, at most
	 * 10,000 per poll. 0 (the default, as Resque keeps every failure) for no cap.
	 */
	public void setFailedMaxEntries(long maxEntries) {
		this.failedCap.maxEntries(maxEntries);
	}

	/** The value this scheduler holds in the leader lock. */
	public String name() {
		return this.name;
	}

	public boolean isLeader() {
		return this.leadership.isLeader();
	}

	/** The recurring jobs this scheduler fires when it leads. */
	public List<RecurringJob> schedules() {
		List<RecurringJob> loaded = this.schedules;
		if (loaded == null) {
			loaded = List.copyOf(this.recurringJobs.get());
			this.schedules = loaded;
		}
		return loaded;
	}

	/**
	 * What the leader fires at this poll: the schedules it was given and the dynamic ones in Redis (a dynamic one
	 * named as a given one is not fired), without those paused.
	 */
	List<RecurringJob> firedSchedules() {
		Map<String, RecurringJob> fired = new LinkedHashMap<>();
		schedules().forEach((schedule) -> fired.put(schedule.name(), schedule));
		for (RecurringJob schedule : this.dynamicSchedules.read()) {
			if (fired.putIfAbsent(schedule.name(), schedule) != null && this.shadowed.add(schedule.name())) {
				log.warn("Dynamic schedule {} has the name of a configured schedule; the configured one is fired",
						schedule.name());
			}
		}
		fired.keySet().removeAll(this.dynamicSchedules.paused());
		return List.copyOf(fired.values());
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			schedules();
			this.running = true;
			this.thread = new Thread(this::run, "resque-scheduler");
			this.thread.start();
		}
	}

	@Override
	public void stop() {
		Thread running;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.monitor.notifyAll();
			running = this.thread;
		}
		try {
			running.join(this.settings.pollInterval().multipliedBy(10).toMillis() + 5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.leadership.release();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

	/** One round of the scheduler's work; the scheduler's thread calls it every poll interval. */
	public void poll() {
		pollOnce();
	}

	/** Returns whether due work is left that this round did not get to (a delayed backlog). */
	private synchronized boolean pollOnce() {
		try {
			this.leadership.tryForLeadership();
			this.duties.completed(Duty.LEADERSHIP);
			reachable();
		}
		catch (DataAccessException ex) {
			unreachable(ex);
			return false;
		}
		if (!this.leadership.isLeader()) {
			return false;
		}
		long deadline = System.nanoTime() + Math.max(this.settings.pollInterval().toNanos(), 1_000_000_000L);
		boolean[] backlog = { false };
		runDuty(Duty.DELAYED_JOBS, () -> backlog[0] = this.mover.moveDueJobs(this::stillLeading, deadline));
		runDuty(Duty.DEAD_WORKERS, () -> this.cleaner.clean(this.trustedSince));
		runDuty(Duty.RECURRING_JOBS, () -> this.firer.fire(firedSchedules()));
		runDuty(Duty.FAILED_CAP, this.failedCap::trim);
		runDuty(Duty.HISTORY, this.historyPruner::prune);
		return backlog[0] && this.leadership.isLeader();
	}

	/**
	 * Runs one duty so that nothing it meets stops the others: a duty that throws is logged and runs again at the
	 * next poll; health names it once it has not completed for a while. An outage of Redis is not the duty's fault.
	 */
	private void runDuty(Duty duty, Runnable work) {
		if (this.leadership.isLeader()) {
			this.duties.run(duty, work, this::unreachable);
		}
	}

	/** Between batches of a long duty: renews the lock once a poll interval, and says whether this still leads. */
	private boolean stillLeading() {
		if (this.leadership.renewIfDue()) {
			this.duties.completed(Duty.LEADERSHIP);
		}
		this.duties.completed(Duty.DELAYED_JOBS);
		return this.leadership.isLeader();
	}

	private void reachable() {
		if (this.redisDown) {
			this.redisDown = false;
			// workers could not ping during the outage: their stale pings prove nothing for a while
			this.trustedSince = this.clock.instant();
			log.info("Resque scheduler {} reaches Redis again", this.name);
		}
	}

	private void unreachable(DataAccessException ex) {
		if (!this.redisDown) {
			this.redisDown = true;
			log.warn("Resque scheduler {} cannot reach Redis ({}); it retries every {}", this.name, ex.getMessage(),
					this.settings.pollInterval());
		}
	}

	private void run() {
		while (this.running) {
			boolean more = false;
			try {
				more = pollOnce();
			}
			catch (Throwable ex) {
				// pollOnce handles what its duties throw; this is the last guard of the thread itself
				log.error("Resque scheduler {} failed a poll; it carries on", this.name, ex);
			}
			synchronized (this.monitor) {
				if (this.running && !more) {
					try {
						this.monitor.wait(this.settings.pollInterval().toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}
		}
	}

	/**
	 * The duties that have not completed a cycle for five poll intervals (at least five seconds): leadership on
	 * every instance, the leader's duties while this one leads. Empty when all is well.
	 */
	public List<String> stalledDuties() {
		if (!this.running) {
			return List.of();
		}
		Duration allowed = this.settings.pollInterval().multipliedBy(5);
		if (allowed.compareTo(Duration.ofSeconds(5)) < 0) {
			allowed = Duration.ofSeconds(5);
		}
		return this.duties.stalled(allowed, this.leadership.isLeader(), this.leadership.since()).stream().map(Duty::label).toList();
	}

	/** When each duty last completed a cycle. */
	public SchedulerDuties duties() {
		return this.duties;
	}

	/**
	 * Tells the dead-worker duty which worker names belong to live workers of this instance: they are never
	 * taken for dead, whatever their ping says.
	 */
	public void setLocalLiveWorkers(Predicate<String> localLiveWorkers) {
		this.cleaner.setLocalLiveWorkers(localLiveWorkers);
	}

	// ---- the duties, callable one by one

	/** Moves every due delayed job to its queue, in batches, and returns how many were moved. */
	long moveDueJobs() {
		long[] moved = { 0 };
		this.mover.moveDueJobs(() -> true, Long.MAX_VALUE, moved);
		return moved[0];
	}

	/** Removes workers whose ping is older than the stuck-worker timeout and deals with their jobs. */
	int cleanDeadWorkers() {
		return this.cleaner.clean(this.trustedSince);
	}

	/** Enqueues the recurring jobs that are due, each firing once. */
	int fireRecurringJobs() {
		return this.firer.fire(schedules());
	}

}
