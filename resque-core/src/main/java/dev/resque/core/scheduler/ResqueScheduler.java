package dev.resque.core.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.LeaderGainedEvent;
import dev.resque.core.event.LeaderLostEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;
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

	private volatile boolean leader;

	private Thread thread;

	private volatile @Nullable List<RecurringJob> schedules;

	private volatile boolean redisDown;

	/** When Redis came back after an outage this scheduler saw: stale pings prove nothing for a while after. */
	private volatile @Nullable Instant trustedSince;

	private volatile Instant leaderSince = Instant.EPOCH;

	private volatile long renewedAt;

	private final SchedulerDuties duties;

	private final DelayedJobMover mover;

	private final DeadWorkerCleaner cleaner;

	private final RecurringJobFirer firer;

	public ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener) {
		this(connectionFactory, keys, codec, settings, recurringJobs, listener, JobPlugins.none(), Clock.systemUTC());
	}

	/** A scheduler that runs the jobs' enqueue plugins when it moves due delayed jobs. */
	public ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener,
			JobPlugins plugins) {
		this(connectionFactory, keys, codec, settings, recurringJobs, listener, plugins, Clock.systemUTC());
	}

	ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener,
			Clock clock) {
		this(connectionFactory, keys, codec, settings, recurringJobs, listener, JobPlugins.none(), clock);
	}

	ResqueScheduler(RedisConnectionFactory connectionFactory, ResqueKeys keys, JobCodec codec,
			SchedulerSettings settings, Supplier<List<RecurringJob>> recurringJobs, ResqueSchedulerListener listener,
			JobPlugins plugins, Clock clock) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keys = keys;
		this.settings = settings;
		this.recurringJobs = recurringJobs;
		this.listener = listener;
		this.clock = clock;
		this.name = WorkerNames.processId() + "+scheduler-" + sequence.incrementAndGet();
		this.duties = new SchedulerDuties(clock);
		this.mover = new DelayedJobMover(this.redis, keys, codec, settings, plugins, listener, clock, this.name);
		this.cleaner = new DeadWorkerCleaner(this.redis, keys, codec, settings, listener, clock, this.name);
		this.firer = new RecurringJobFirer(this.redis, keys, codec, listener, clock);
	}

	/** The value this scheduler holds in the leader lock. */
	public String name() {
		return this.name;
	}

	public boolean isLeader() {
		return this.leader;
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
		releaseLeadership();
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
			tryForLeadership();
			this.duties.completed(Duty.LEADERSHIP);
			reachable();
		}
		catch (DataAccessException ex) {
			unreachable(ex);
			return false;
		}
		if (!this.leader) {
			return false;
		}
		long deadline = System.nanoTime() + Math.max(this.settings.pollInterval().toNanos(), 1_000_000_000L);
		boolean[] backlog = { false };
		runDuty(Duty.DELAYED_JOBS, () -> backlog[0] = this.mover.moveDueJobs(this::stillLeading, deadline));
		runDuty(Duty.DEAD_WORKERS, () -> this.cleaner.clean(this.trustedSince));
		runDuty(Duty.RECURRING_JOBS, () -> this.firer.fire(schedules()));
		return backlog[0] && this.leader;
	}

	/**
	 * Runs one duty so that nothing it meets stops the others: a duty that throws is logged and runs again at the
	 * next poll; health names it once it has not completed for a while.
	 */
	private void runDuty(Duty duty, Runnable work) {
		if (!this.leader) {
			return;
		}
		try {
			work.run();
			if (this.duties.completed(duty)) {
				log.info("Resque scheduler duty {} completes again", duty.label());
			}
		}
		catch (DataAccessException ex) {
			if (isOutage(ex)) {
				unreachable(ex);
			}
			else {
				dutyFailed(duty, ex);
			}
		}
		catch (Throwable ex) {
			dutyFailed(duty, ex);
		}
	}

	/** Logged once per run of failures, not on every poll. */
	private void dutyFailed(Duty duty, Throwable ex) {
		if (this.duties.failed(duty)) {
			log.error("Resque scheduler duty {} failed ({}); it runs again at every poll and health reports it "
					+ "until it completes", duty.label(), rootMessage(ex), ex);
		}
		else {
			log.debug("Resque scheduler duty {} failed again: {}", duty.label(), rootMessage(ex));
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.toString();
	}

	/** Between batches of a long duty: renews the lock once a poll interval, and says whether this still leads. */
	private boolean stillLeading() {
		if (System.nanoTime() - this.renewedAt >= this.settings.pollInterval().toNanos()) {
			tryForLeadership();
			this.duties.completed(Duty.LEADERSHIP);
		}
		this.duties.completed(Duty.DELAYED_JOBS);
		return this.leader;
	}

	private static boolean isOutage(DataAccessException ex) {
		return ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException;
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

	private boolean tryForLeadership() {
		Long held = this.redis.execute(ResqueScripts.ACQUIRE_LEADER,
				List.of(this.keys.leaderLock(), this.keys.rubySchedulerLock()), this.name,
				Long.toString(Math.max(1, this.settings.leaderLockTimeout().toSeconds())));
		this.renewedAt = System.nanoTime();
		boolean isLeader = held != null && held == 1;
		if (isLeader && !this.leader) {
			this.leader = true;
			this.leaderSince = this.clock.instant();
			log.info("Resque scheduler {} is now the leader", this.name);
			this.listener.leaderGained(new LeaderGainedEvent(this.name));
		}
		else if (!isLeader && this.leader) {
			this.leader = false;
			log.info("Resque scheduler {} is no longer the leader", this.name);
			this.listener.leaderLost(new LeaderLostEvent(this.name));
		}
		return isLeader;
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
		return this.duties.stalled(allowed, this.leader, this.leaderSince).stream().map(Duty::label).toList();
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

	private void releaseLeadership() {
		try {
			this.redis.execute(ResqueScripts.RELEASE_LEADER,
					List.of(this.keys.leaderLock(), this.keys.rubySchedulerLock()), this.name);
		}
		catch (DataAccessException ex) {
			log.debug("Could not release the leader lock; it expires by itself", ex);
		}
		if (this.leader) {
			this.leader = false;
			log.info("Resque scheduler {} stopped and gave up leadership", this.name);
			this.listener.leaderLost(new LeaderLostEvent(this.name));
		}
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
