package dev.resque.core.scheduler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.HeldRecord;
import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.ResqueDates;
import dev.resque.core.codec.Utf8;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.event.WorkerCleanedEvent;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.queue.WorkingOn;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;
import dev.resque.core.worker.StuckJobAction;

/**
 * The leader's dead-workers duty: a worker whose ping is older than the stuck-worker timeout is removed and the
 * job it held goes back to its queue (or to the failed queue), byte for byte. Stale pings are not taken as death
 * while they cannot be trusted: this instance's own live workers, and every worker for a grace period after Redis
 * came back from an outage or restarted (workers had no chance to ping meanwhile). A ping that cannot be read
 * counts as stale once it has not changed for the timeout.
 */
final class DeadWorkerCleaner {

	private static final Logger log = LoggerFactory.getLogger(DeadWorkerCleaner.class);

	private static final String FORCE_CLEAN_MARKER = "queue#forceCleanWorker";

	private final StringRedisTemplate redis;

	private final ScheduledEntries entries;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final SchedulerSettings settings;

	private final ResqueSchedulerListener listener;

	private final Clock clock;

	private final String schedulerName;

	private volatile Predicate<String> localLiveWorkers = (name) -> false;

	/** Unreadable pings by key: the bytes seen and since when, to tell a dead worker's from one being rewritten. */
	private final Map<String, UnreadablePing> unreadable = new HashMap<>();

	private volatile JobTracking tracking = JobTracking.defaults();

	void tracking(JobTracking tracking) {
		this.tracking = tracking;
	}

	DeadWorkerCleaner(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec, SchedulerSettings settings,
			ResqueSchedulerListener listener, Clock clock, String schedulerName) {
		this.redis = redis;
		this.entries = new ScheduledEntries(redis);
		this.keys = keys;
		this.codec = codec;
		this.settings = settings;
		this.listener = listener;
		this.clock = clock;
		this.schedulerName = schedulerName;
	}

	void setLocalLiveWorkers(Predicate<String> localLiveWorkers) {
		this.localLiveWorkers = localLiveWorkers;
	}

	/**
	 * Removes the workers found dead and returns how many.
	 * @param trustedSince when pings became trustworthy again (Redis back after an outage), or {@code null}
	 */
	int clean(@Nullable Instant trustedSince) {
		List<String> pingKeys = new ArrayList<>();
		try (Cursor<String> cursor = this.redis
			.scan(ScanOptions.scanOptions().match(this.keys.workerPingPattern()).count(1000).build())) {
			cursor.forEachRemaining(pingKeys::add);
		}
		this.unreadable.keySet().retainAll(pingKeys);
		if (pingKeys.isEmpty()) {
			return 0;
		}
		List<byte[]> pings = this.entries.multiGet(pingKeys);
		Instant now = this.clock.instant();
		Boolean trusted = null;
		Set<String> registrations = null;
		int cleaned = 0;
		for (int i = 0; i < pingKeys.size(); i++) {
			byte[] ping = (pings != null) ? pings.get(i) : null;
			if (ping == null) {
				continue;
			}
			String key = pingKeys.get(i);
			try {
				Ping parsed = stalePing(key, ping, now);
				if (parsed == null || this.localLiveWorkers.test(parsed.name())) {
					continue;
				}
				if (trusted == null) {
					trusted = pingsTrusted(trustedSince, now);
				}
				if (!trusted) {
					return cleaned;
				}
				if (registrations == null) {
					registrations = this.redis.opsForSet().members(this.keys.workers());
				}
				for (String id : registrationsOf(parsed, registrations)) {
					if (cleanWorker(parsed, id, ping)) {
						cleaned++;
					}
				}
			}
			catch (DataAccessException ex) {
				if (!ScheduledEntries.isWrongType(ex)) {
					throw ex;
				}
				log.warn("Worker keys of {} hold another type than a Resque worker writes; they are left alone", key);
			}
			catch (RuntimeException ex) {
				log.warn("Could not check worker {} for death ({}); the others are checked", key, ex.toString());
			}
		}
		return cleaned;
	}

	/**
	 * Stale pings are evidence only when the workers could have pinged: not within the stuck-worker timeout of
	 * Redis coming back, nor of its start (a restart this scheduler did not notice).
	 */
	private boolean pingsTrusted(@Nullable Instant trustedSince, Instant now) {
		Duration timeout = this.settings.stuckWorkerTimeout();
		if (trustedSince != null && Duration.between(trustedSince, now).compareTo(timeout) < 0) {
			log.debug("Redis was back only at {}: stale pings are not taken as death yet", trustedSince);
			return false;
		}
		long uptime = this.entries.uptimeSeconds();
		if (uptime >= 0 && uptime < timeout.toSeconds()) {
			log.debug("Redis started {} s ago: stale pings are not taken as death yet", uptime);
			return false;
		}
		return true;
	}

	/** The ping when it is stale, else {@code null}. */
	private @Nullable Ping stalePing(String key, byte[] ping, Instant now) {
		String fallbackName = this.keys.workerNameOfPing(key);
		Ping parsed = parsePing(ping, fallbackName, key);
		if (parsed == null) {
			UnreadablePing seen = this.unreadable.get(key);
			if (seen == null || !Arrays.equals(seen.value(), ping)) {
				log.warn("Ping {} cannot be read; the worker is taken for dead if it stays so for {}", key,
						this.settings.stuckWorkerTimeout());
				this.unreadable.put(key, new UnreadablePing(ping, now));
				return null;
			}
			parsed = new Ping(fallbackName, "", seen.since(), key);
		}
		else {
			this.unreadable.remove(key);
		}
		Duration silent = Duration.between(parsed.time(), now);
		return (silent.compareTo(this.settings.stuckWorkerTimeout()) > 0) ? parsed : null;
	}

	private boolean cleanWorker(Ping ping, String id, byte[] pingRecord) {
		JobTracking tracking = this.tracking;
		Instant now = this.clock.instant();
		Duration silent = Duration.between(ping.time(), now);
		byte[] record = this.entries.get(this.keys.worker(id));
		Job job = null;
		String queue = "";
		Object value = "";
		String error = "";
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
				error = DeadWorkerException.class.getName() + ": Worker " + ping.name() + " stopped pinging " + silent.toSeconds()
						+ " s ago (stuck-worker timeout " + this.settings.stuckWorkerTimeout().toSeconds()
						+ " s); its job was moved to the failed queue";
				value = this.codec.encodeFailure(id, queue, (held != null) ? held.payload() : record,
						DeadWorkerException.class.getName(),
						error.substring(DeadWorkerException.class.getName().length() + 2),
						List.of("killed by " + this.schedulerName + " at " + ResqueDates.formatFailedAt(now),
								FORCE_CLEAN_MARKER, "spring-resque"),
						now);
			}
		}
		Long done = ResqueScripts.executeRaw(this.redis, ResqueScripts.CLEAN_WORKER,
				List.of(this.keys.workers(), this.keys.worker(id), this.keys.workerStarted(id),
						ping.key(), this.keys.heartbeats(), this.keys.processed(ping.name()),
						this.keys.failedCount(ping.name()), target, this.keys.queues(), this.keys.failedCount(),
						this.keys.processed(id), this.keys.failedCount(id), this.keys.history()),
				id, (record != null) ? record : new byte[0], requeue ? "requeue" : "fail", value, queue, pingRecord,
				tracking.enabled() ? this.keys.jobPrefix() : "", Long.toString(tracking.pendingRetention().toMillis()),
				Long.toString(tracking.historyRetention().toMillis()), error);
		if (done == null || done == 0) {
			return false;
		}
		String jobName = (job != null) ? job.name() : "?";
		if (record == null) {
			log.warn("Removed worker {}: it stopped pinging {} s ago and held no job", ping.name(), silent.toSeconds());
		}
		else if (requeue) {
			log.warn("Removed worker {}: it stopped pinging {} s ago; its job {} went back to the head of queue {}",
					ping.name(), silent.toSeconds(), jobName, queue);
		}
		else {
			log.warn("Removed worker {}: it stopped pinging {} s ago; its job {} was moved to the failed queue",
					ping.name(), silent.toSeconds(), jobName);
		}
		this.listener.workerCleaned(
				new WorkerCleanedEvent(this.schedulerName, ping.name(), silent, job, requeue && record != null));
		return true;
	}

	/**
	 * The job in a working-on record. Ours embed the payload byte for byte, so it is cut out as it is (readable
	 * or not); other implementations' records are re-encoded from their parsed form. {@code null} when the
	 * record holds no job that can be put back on a queue.
	 */
	private @Nullable HeldJob heldJob(byte[] record, String workerName) {
		HeldRecord parts = this.codec.splitWorkingOn(record);
		if (parts != null && !parts.queue().isEmpty()) {
			String text = Utf8.decode(parts.payload());
			Job job = null;
			if (text != null) {
				try {
					job = this.codec.decode(text, parts.queue());
				}
				catch (InvalidPayloadException ex) {
					// requeued as it is: the worker that takes it records why it cannot run
				}
			}
			return new HeldJob(parts.queue(), parts.payload(), job);
		}
		String text = Utf8.decode(record);
		if (text == null) {
			return null;
		}
		try {
			WorkingOn workingOn = this.codec.decodeWorkingOn(text, workerName);
			if (workingOn.queue().isEmpty()) {
				return null;
			}
			return new HeldJob(workingOn.queue(), this.codec.encode(workingOn.payload()).getBytes(StandardCharsets.UTF_8),
					workingOn.payload());
		}
		catch (RuntimeException ex) {
			return null;
		}
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

	private @Nullable Ping parsePing(byte[] ping, String fallbackName, String key) {
		String text = Utf8.decode(ping);
		if (text == null) {
			return null;
		}
		return this.codec.decodePing(text)
			.map((record) -> new Ping((record.name() != null) ? record.name() : fallbackName, record.queues(),
					record.time(), key))
			.orElse(null);
	}

	/** A ping as read, with the key it was read from (its name inside may differ from the key's). */
	private record Ping(String name, String queues, Instant time, String key) {
	}

	private record HeldJob(String queue, byte[] payload, @Nullable Job job) {
	}

	private record UnreadablePing(byte[] value, Instant since) {
	}

}
