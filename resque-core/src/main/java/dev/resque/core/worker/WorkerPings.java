package dev.resque.core.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.ResqueDates;
import dev.resque.core.queue.ProcessRecord;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * Records that a container's workers are alive, in one script for all of them: node-resque's ping records, Ruby
 * Resque's heartbeat, and the registration itself, restored if Redis lost it. Remembers when a ping last reached
 * Redis, for health.
 */
final class WorkerPings {

	private static final Logger log = LoggerFactory.getLogger(WorkerPings.class);

	/** The version in the jar's manifest; {@code null} when run from classes. */
	private static final @Nullable String VERSION = WorkerPings.class.getPackage().getImplementationVersion();

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final RedisOutage outage;

	private final Clock clock;

	private volatile Instant lastPing;

	private volatile Instant started;

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
		this.started = this.lastPing;
	}

	/** Pings for the registered workers of these pools, and records the process running them. */
	void ping(List<WorkerPool> pools) {
		Instant now = this.clock.instant();
		List<String> scriptKeys = new ArrayList<>();
		List<String> args = new ArrayList<>();
		scriptKeys.add(this.keys.heartbeats());
		scriptKeys.add(this.keys.workers());
		scriptKeys.add(this.keys.process(WorkerNames.processId()));
		args.add(ResqueDates.formatHeartbeat(now));
		args.add(this.codec.encodeProcess(processRecord(pools, now)));
		args.add(Long.toString(this.slotLease.toMillis()));
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
		if (pools.isEmpty()) {
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

	private ProcessRecord processRecord(List<WorkerPool> pools, Instant now) {
		int threads = 0;
		int busy = 0;
		List<String> queues = new ArrayList<>();
		for (WorkerPool pool : pools) {
			threads += pool.settings().concurrency();
			busy += (int) pool.workers().stream().filter(ResqueWorker::isBusy).count();
			queues.add(pool.settings().queuesCsv());
		}
		Runtime runtime = Runtime.getRuntime();
		String hostAndPid = WorkerNames.hostAndPid();
		int colon = hostAndPid.lastIndexOf(':');
		return new ProcessRecord(WorkerNames.processId(), hostAndPid.substring(0, colon),
				ProcessHandle.current().pid(), this.started, VERSION, threads, busy,
				runtime.totalMemory() - runtime.freeMemory(), runtime.maxMemory(), queues, now);
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

	/** Takes the process record away when the workers have stopped, rather than letting it lapse. */
	void forgetProcess() {
		try {
			this.redis.delete(this.keys.process(WorkerNames.processId()));
		}
		catch (RuntimeException ex) {
			log.debug("Removing the process record failed: {}", ex.toString());
		}
	}

	/** Starts the count again, as when the workers start. */
	void reset() {
		this.lastPing = this.clock.instant();
		this.started = this.lastPing;
	}

	/** How long since a ping last reached Redis. */
	Duration silence() {
		return Duration.between(this.lastPing, this.clock.instant());
	}

}
