package dev.resque.core.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.ResqueDates;
import dev.resque.core.event.DelayedJobsMovedEvent;
import dev.resque.core.event.LeaderGainedEvent;
import dev.resque.core.event.LeaderLostEvent;
import dev.resque.core.event.RecurringJobFiredEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.event.WorkerCleanedEvent;
import dev.resque.core.job.Job;
import dev.resque.core.plugin.EnqueueContext;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.queue.WorkingOn;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;
import dev.resque.core.worker.WorkerNames;
import tools.jackson.databind.JsonNode;

/**
 * The scheduler: every application instance runs one, and the one holding the leader lock (shared with
 * node-resque's and resque-scheduler-style schedulers on the same namespace) moves due delayed jobs to their
 * queues, removes workers that stopped pinging and fires recurring jobs. Each of these steps is atomic in Redis,
 * so a scheduler that dies at any point loses no job.
 */
public class ResqueScheduler implements SmartLifecycle {

	/** Stops after the workers (a higher phase) and before the Redis connection factory (phase 0). */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 1000;

	private static final Logger log = LoggerFactory.getLogger(ResqueScheduler.class);

	private static final AtomicInteger sequence = new AtomicInteger();

	private static final String FORCE_CLEAN_MARKER = "queue#forceCleanWorker";

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final SchedulerSettings settings;

	private final Supplier<List<RecurringJob>> recurringJobs;

	private final ResqueSchedulerListener listener;

	private final JobPlugins plugins;

	private final String name;

	private final Clock clock;

	private final Object monitor = new Object();

	private volatile boolean running;

	private volatile boolean leader;

	private Thread thread;

	private volatile @Nullable List<RecurringJob> schedules;

	private boolean redisDown;

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
		this.plugins = plugins;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keys = keys;
		this.codec = codec;
		this.settings = settings;
		this.recurringJobs = recurringJobs;
		this.listener = listener;
		this.clock = clock;
		this.name = WorkerNames.hostAndPid() + "+scheduler-" + sequence.incrementAndGet();
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
		try {
			if (!tryForLeadership()) {
				return;
			}
			moveDueJobs();
			cleanDeadWorkers();
			fireRecurringJobs();
			if (this.redisDown) {
				this.redisDown = false;
				log.info("Resque scheduler {} reaches Redis again", this.name);
			}
		}
		catch (DataAccessException ex) {
			if (!this.redisDown) {
				this.redisDown = true;
				log.warn("Resque scheduler {} cannot reach Redis ({}); it retries every {}", this.name, ex.getMessage(),
						this.settings.pollInterval());
			}
		}
	}

	private void run() {
		while (this.running) {
			poll();
			synchronized (this.monitor) {
				if (this.running) {
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
		Long held = this.redis.execute(ResqueScripts.ACQUIRE_LEADER, List.of(this.keys.leaderLock()), this.name,
				Long.toString(Math.max(1, this.settings.leaderLockTimeout().toSeconds())));
		boolean isLeader = held != null && held == 1;
		if (isLeader && !this.leader) {
			this.leader = true;
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

	private void releaseLeadership() {
		try {
			this.redis.execute(ResqueScripts.RELEASE_LEADER, List.of(this.keys.leaderLock()), this.name);
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

	// ---- delayed jobs

	/** Moves every due delayed job to its queue, in batches, and returns how many were moved. */
	long moveDueJobs() {
		long total = 0;
		while (true) {
			long now = this.clock.instant().getEpochSecond();
			Set<String> due = this.redis.opsForZSet()
				.rangeByScore(this.keys.delayedSchedule(), Double.NEGATIVE_INFINITY, now, 0, 100);
			if (due == null || due.isEmpty()) {
				break;
			}
			for (String member : due) {
				total += moveTimestamp(Long.parseLong(member));
			}
		}
		return total;
	}

	private long moveTimestamp(long second) {
		String delayedKey = this.keys.delayed(second);
		long moved = 0;
		List<String> previous = null;
		while (true) {
			List<String> batch = this.redis.opsForList().range(delayedKey, 0, this.settings.batchSize() - 1);
			if (batch == null || batch.isEmpty() || batch.equals(previous)) {
				// nothing left (or only entries another scheduler is moving): drop the emptied timestamp
				this.redis.execute(ResqueScripts.MOVE_DELAYED,
						List.of(delayedKey, this.keys.delayedSchedule(), this.keys.queues()), Long.toString(second),
						ResqueKeys.delayedMember(second), this.keys.wakeUpChannel());
				break;
			}
			previous = batch;
			List<String> scriptKeys = new ArrayList<>(3 + 2 * batch.size());
			scriptKeys.add(delayedKey);
			scriptKeys.add(this.keys.delayedSchedule());
			scriptKeys.add(this.keys.queues());
			List<String> args = new ArrayList<>(3 + 2 * batch.size());
			args.add(Long.toString(second));
			args.add(ResqueKeys.delayedMember(second));
			args.add(this.keys.wakeUpChannel());
			for (String payload : batch) {
				String queue = queueOf(payload);
				if (queue == null) {
					failDelayed(second, payload);
					continue;
				}
				Job job = this.codec.decode(payload, queue);
				if (!this.plugins.forJob(job.name()).isEmpty()) {
					moved += moveWithPlugins(second, payload, job);
					continue;
				}
				scriptKeys.add(this.keys.queue(queue));
				scriptKeys.add(this.keys.timestamps(payload));
				args.add(payload);
				args.add(queue);
			}
			Long count = this.redis.execute(ResqueScripts.MOVE_DELAYED, scriptKeys, args.toArray());
			moved += (count != null) ? count : 0;
		}
		if (moved > 0) {
			this.listener.delayedJobsMoved(new DelayedJobsMovedEvent(this.name, Instant.ofEpochSecond(second), moved));
		}
		return moved;
	}

	/** A job with enqueue plugins moves on its own, once its {@code beforeEnqueue} hooks let it. */
	private long moveWithPlugins(long second, String payload, Job job) {
		EnqueueContext context = new EnqueueContext(job, Instant.ofEpochSecond(second));
		if (!this.plugins.beforeEnqueue(context)) {
			this.redis.execute(ResqueScripts.DROP_DELAYED,
					List.of(this.keys.delayed(second), this.keys.delayedSchedule(), this.keys.timestamps(payload)),
					Long.toString(second), ResqueKeys.delayedMember(second), payload);
			log.debug("Delayed job {} was dropped by an enqueue plugin", payload);
			return 0;
		}
		Long count = this.redis.execute(ResqueScripts.MOVE_DELAYED,
				List.of(this.keys.delayed(second), this.keys.delayedSchedule(), this.keys.queues(),
						this.keys.queue(job.queue()), this.keys.timestamps(payload)),
				Long.toString(second), ResqueKeys.delayedMember(second), this.keys.wakeUpChannel(), payload, job.queue());
		if (count != null && count > 0) {
			this.plugins.afterEnqueue(context);
			return count;
		}
		return 0;
	}

	private @Nullable String queueOf(String payload) {
		try {
			JsonNode node = this.codec.parse(payload);
			JsonNode queue = node.get("queue");
			if (node.isObject() && node.hasNonNull("class") && queue != null && queue.isString()
					&& !queue.asString().isEmpty()) {
				return queue.asString();
			}
			return null;
		}
		catch (InvalidPayloadException ex) {
			return null;
		}
	}

	private void failDelayed(long second, String payload) {
		String error = "Delayed entry at " + Instant.ofEpochSecond(second)
				+ " is not a job with a \"class\" and a \"queue\", so it cannot be enqueued: "
				+ ((payload.length() > 200) ? payload.substring(0, 200) + "..." : payload);
		log.warn(error);
		String entry = this.codec.encodeFailure(this.name, "", payload, InvalidPayloadException.class.getName(),
				error, List.of(), this.clock.instant());
		this.redis.execute(ResqueScripts.FAIL_DELAYED,
				List.of(this.keys.delayed(second), this.keys.delayedSchedule(), this.keys.failed(),
						this.keys.failedCount()),
				Long.toString(second), payload, entry);
	}

	// ---- dead workers

	/** Removes workers whose ping is older than the stuck-worker timeout and deals with their jobs. */
	int cleanDeadWorkers() {
		List<String> pingKeys = new ArrayList<>();
		try (Cursor<String> cursor = this.redis
			.scan(ScanOptions.scanOptions().match(this.keys.workerPingPattern()).count(1000).build())) {
			cursor.forEachRemaining(pingKeys::add);
		}
		if (pingKeys.isEmpty()) {
			return 0;
		}
		List<String> pings = this.redis.opsForValue().multiGet(pingKeys);
		Instant now = this.clock.instant();
		Set<String> registrations = null;
		int cleaned = 0;
		for (int i = 0; i < pingKeys.size(); i++) {
			String ping = (pings != null) ? pings.get(i) : null;
			if (ping == null) {
				continue;
			}
			Ping parsed = parsePing(ping, pingKeys.get(i));
			if (parsed == null) {
				continue;
			}
			Duration silent = Duration.between(parsed.time(), now);
			if (silent.compareTo(this.settings.stuckWorkerTimeout()) <= 0) {
				continue;
			}
			if (registrations == null) {
				registrations = this.redis.opsForSet().members(this.keys.workers());
			}
			List<String> ids = registrationsOf(parsed, registrations);
			for (String id : ids) {
				if (cleanWorker(parsed, id, ping, silent)) {
					cleaned++;
				}
			}
		}
		return cleaned;
	}

	private boolean cleanWorker(Ping ping, String id, String pingRecord, Duration silent) {
		String record = this.redis.opsForValue().get(this.keys.worker(id));
		Job job = null;
		String queue = "";
		String value = "";
		String target = this.keys.failed();
		boolean requeue = this.settings.stuckJobAction() == StuckJobAction.REQUEUE;
		if (record != null) {
			HeldJob held = heldJob(record, ping.name());
			if (held != null) {
				job = held.job();
				queue = held.queue();
				if (requeue) {
					value = held.payload();
					target = this.keys.queue(queue);
				}
			}
			if (!requeue || held == null) {
				requeue = false;
				String error = "Worker " + ping.name() + " stopped pinging " + silent.toSeconds()
						+ " s ago (stuck-worker timeout " + this.settings.stuckWorkerTimeout().toSeconds()
						+ " s); its job was moved to the failed queue";
				value = this.codec.encodeFailure(ping.name(), queue,
						(held != null) ? held.payload() : record, DeadWorkerException.class.getName(), error,
						List.of("killed by " + this.name + " at " + ResqueDates.formatFailedAt(this.clock.instant()),
								FORCE_CLEAN_MARKER, "spring-resque"),
						this.clock.instant());
			}
		}
		Long done = this.redis.execute(ResqueScripts.CLEAN_WORKER,
				List.of(this.keys.workers(), this.keys.worker(id), this.keys.workerStarted(id),
						this.keys.workerPing(ping.name()), this.keys.heartbeats(), this.keys.processed(ping.name()),
						this.keys.failedCount(ping.name()), target, this.keys.queues(), this.keys.failedCount()),
				id, (record != null) ? record : "", requeue ? "requeue" : "fail", value, queue, pingRecord);
		if (done == null || done == 0) {
			return false;
		}
		if (job == null && record == null) {
			log.warn("Removed worker {}: it stopped pinging {} s ago and held no job", ping.name(), silent.toSeconds());
		}
		else if (requeue) {
			log.warn("Removed worker {}: it stopped pinging {} s ago; its job {} went back to the head of queue {}",
					ping.name(), silent.toSeconds(), (job != null) ? job.name() : "?", queue);
		}
		else {
			log.warn("Removed worker {}: it stopped pinging {} s ago; its job {} was moved to the failed queue",
					ping.name(), silent.toSeconds(), (job != null) ? job.name() : "?");
		}
		this.listener.workerCleaned(new WorkerCleanedEvent(this.name, ping.name(), silent, job, requeue && job != null));
		return true;
	}

	/**
	 * The job in a working-on record. Our records embed the payload byte for byte, so it is cut out as it is;
	 * other implementations' records are re-encoded from their parsed form.
	 */
	private @Nullable HeldJob heldJob(String record, String workerName) {
		try {
			WorkingOn workingOn = this.codec.decodeWorkingOn(record, workerName);
			String payload = embeddedPayload(record, workingOn);
			if (payload == null) {
				payload = this.codec.encode(workingOn.payload());
			}
			return new HeldJob(workingOn.queue(), payload, workingOn.payload());
		}
		catch (InvalidPayloadException ex) {
			return null;
		}
	}

	private @Nullable String embeddedPayload(String record, WorkingOn workingOn) {
		if (workingOn.runAt() == null) {
			return null;
		}
		String prefix = this.codec.workingOnStart(workingOn.runAt()) + JobCodec.quote(workingOn.queue())
				+ this.codec.workingOnMiddle(workingOn.worker());
		if (!record.startsWith(prefix) || !record.endsWith("}")) {
			return null;
		}
		return record.substring(prefix.length(), record.length() - 1);
	}

	private List<String> registrationsOf(Ping ping, @Nullable Set<String> registrations) {
		List<String> ids = new ArrayList<>();
		if (registrations != null) {
			for (String id : registrations) {
				if (id.startsWith(ping.name() + ":")) {
					ids.add(id);
				}
			}
		}
		if (ids.isEmpty()) {
			ids.add(ping.name() + ":" + ping.queues());
		}
		return ids;
	}

	private @Nullable Ping parsePing(String ping, String key) {
		try {
			JsonNode node = this.codec.parse(ping);
			JsonNode time = node.get("time");
			String name = node.hasNonNull("name") ? node.get("name").asString() : this.keys.strip(key).substring("worker:ping:".length());
			String queues = node.hasNonNull("queues") ? node.get("queues").asString() : "";
			if (time == null || !time.isNumber()) {
				return null;
			}
			return new Ping(name, queues, Instant.ofEpochSecond(time.asLong()));
		}
		catch (InvalidPayloadException ex) {
			log.debug("Ignoring unreadable ping {}", ping);
			return null;
		}
	}

	// ---- recurring jobs

	/** Enqueues the recurring jobs that are due, each firing once. */
	int fireRecurringJobs() {
		List<RecurringJob> recurring = schedules();
		if (recurring.isEmpty()) {
			return 0;
		}
		Instant now = this.clock.instant();
		Map<Object, Object> lastFired = this.redis.opsForHash().entries(this.keys.scheduleLastFired());
		Map<String, String> updates = new HashMap<>();
		int fired = 0;
		for (RecurringJob schedule : recurring) {
			Object last = lastFired.get(schedule.name());
			if (last == null) {
				// first sight of this schedule: its firings start from now
				updates.put(schedule.name(), Long.toString(now.getEpochSecond()));
				continue;
			}
			Instant lastInstant = Instant.ofEpochSecond(Long.parseLong(last.toString()));
			var firing = schedule.dueFiring(lastInstant, now);
			if (firing.isEmpty()) {
				continue;
			}
			Job job = schedule.job();
			Long enqueued = this.redis.execute(ResqueScripts.FIRE_SCHEDULE,
					List.of(this.keys.scheduleFiring(schedule.name(), firing.get().getEpochSecond()), this.keys.queues(),
							this.keys.queue(job.queue()), this.keys.scheduleLastFired()),
					Long.toString(schedule.markerTtl().toSeconds()), job.queue(), this.codec.encode(job),
					this.keys.wakeUpChannel(), schedule.name(), Long.toString(firing.get().getEpochSecond()));
			if (enqueued != null && enqueued == 1) {
				fired++;
				this.listener.recurringJobFired(new RecurringJobFiredEvent(schedule.name(), firing.get(), job));
			}
		}
		if (!updates.isEmpty()) {
			for (Map.Entry<String, String> update : updates.entrySet()) {
				this.redis.opsForHash().putIfAbsent(this.keys.scheduleLastFired(), update.getKey(), update.getValue());
			}
		}
		return fired;
	}

	private record Ping(String name, String queues, Instant time) {
	}

	private record HeldJob(String queue, String payload, Job job) {
	}

}
