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

	WorkerPings(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec, RedisOutage outage, Clock clock) {
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

	/** Starts the count again, as when the workers start. */
	void reset() {
		this.lastPing = this.clock.instant();
	}

	/** How long since a ping last reached Redis. */
	Duration silence() {
		return Duration.between(this.lastPing, this.clock.instant());
	}

}
