package dev.resque.core.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.ResqueDates;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * Records that a container's workers are alive, in one script for all of them: node-resque's ping records, Ruby
 * Resque's heartbeat, and the registration itself, restored if Redis lost it. Remembers when a ping last reached
 * Redis, for health.
 */
final class WorkerPings {

	private static final Logger log = LoggerFactory.getLogger(WorkerPings.class);

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final RedisOutage outage;

	private final Clock clock;

	private volatile Instant lastPing;

	private final Duration slotLease;

	WorkerPings(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec, RedisOutage outage, Clock clock,
			Duration slotLease) {
		this.slotLease = slotLease;
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
		this.outage = outage;
		this.clock = clock;
		this.lastPing = clock.instant();
	}

	/** Pings for the registered workers of these pools. */
	void ping(List<WorkerPool> pools) {
		Instant now = this.clock.instant();
		List<String> scriptKeys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		scriptKeys.add(this.keys.heartbeats());
		scriptKeys.add(this.keys.workers());
		args.add(ResqueDates.formatHeartbeat(now));
		for (WorkerPool pool : pools) {
			for (ResqueWorker worker : pool.workers()) {
				if (worker.isRegistered()) {
					scriptKeys.add(this.keys.workerPing(worker.name()));
					scriptKeys.add(this.keys.workerStarted(worker.id()));
					args.add(this.codec.ping(now, worker.name(), pool.settings().queuesCsv()));
					args.add(worker.id());
					args.add(worker.started());
				}
			}
		}
		renewSlots(pools);
		if (scriptKeys.size() == 2) {
			this.lastPing = now;
			return;
		}
		try {
			this.redis.execute(ResqueScripts.PING, scriptKeys, args.toArray());
			this.lastPing = now;
		}
		catch (DataAccessException ex) {
			this.outage.failed(ex);
		}
		catch (RuntimeException ex) {
			log.warn("Ping failed", ex);
		}
	}

	/** Renews the concurrency slots busy workers hold, in one script for all; nothing when none holds one. */
	private void renewSlots(List<WorkerPool> pools) {
		List<String> slotKeys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		args.add(Long.toString(this.slotLease.toMillis()));
		for (WorkerPool pool : pools) {
			for (ResqueWorker worker : pool.workers()) {
				for (String slots : worker.heldSlots()) {
					slotKeys.add(slots);
					args.add(worker.name());
				}
			}
		}
		if (slotKeys.isEmpty()) {
			return;
		}
		try {
			this.redis.execute(ResqueScripts.RENEW_SLOTS, slotKeys, args.toArray());
		}
		catch (RuntimeException ex) {
			log.debug("Renewing concurrency slots failed: {}", ex.toString());
		}
	}

	/** Starts the count again, as when the workers start. */
	void reset() {
		this.lastPing = this.clock.instant();
	}

	/** How long since a ping last reached Redis. */
	Duration silence() {
		return Duration.between(this.lastPing, this.clock.instant());
	}

}
