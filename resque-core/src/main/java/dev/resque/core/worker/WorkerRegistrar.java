package dev.resque.core.worker;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import dev.resque.core.codec.ResqueDates;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * One worker's registration as every Resque implementation reads it: its entry in {@code workers}, its
 * {@code started} key, its ping and Ruby's heartbeat, written by one script and removed by another. Pings
 * re-assert it from what is kept here ({@link #isRegistered()}, {@link #started()}).
 */
final class WorkerRegistrar {

	private static final Logger log = LoggerFactory.getLogger(WorkerRegistrar.class);

	private final String name;

	private final String id;

	private final WorkerPool pool;

	private final WorkerContext context;

	private volatile boolean registered;

	private volatile String started = "";

	private volatile boolean redisAnsweredUnregister;

	WorkerRegistrar(String name, String id, WorkerPool pool, WorkerContext context) {
		this.name = name;
		this.id = id;
		this.pool = pool;
		this.context = context;
	}

	/** When the worker registered, in Ruby's {@code Time#to_s} form, as its {@code started} key holds it. */
	String started() {
		return this.started;
	}

	boolean isRegistered() {
		return this.registered;
	}

	/** Registers, calling again while Redis is away; false when the pool began to stop first. */
	boolean register() {
		Instant now = this.context.clock().instant();
		this.started = ResqueDates.formatStarted(now);
		ResqueKeys keys = this.context.keys();
		int attempt = 0;
		while (!this.pool.isStopping()) {
			try {
				this.context.redis()
					.execute(ResqueScripts.REGISTER_WORKER,
							List.of(keys.workers(), keys.workerStarted(this.id), keys.workerPing(this.name),
									keys.heartbeats()),
							this.id, this.started,
							this.context.codec().ping(now, this.name, this.pool.settings().queuesCsv()),
							ResqueDates.formatHeartbeat(now));
				this.registered = true;
				return true;
			}
			catch (DataAccessException ex) {
				this.context.outage().failed(ex);
				this.pool.pauseQuietly(RedisOutage.backoff(attempt++));
			}
		}
		return false;
	}

	/** The worker leaves: pings no longer re-assert the registration, which is removed as {@link #remove()} does. */
	boolean unregister() {
		this.registered = false;
		return remove();
	}

	/**
	 * Removes the registration, unless the worker still holds a job (which the scheduler then recovers); safe to
	 * call again, as after a ping that raced with stopping. Returns false when the job stays.
	 */
	boolean remove() {
		this.redisAnsweredUnregister = false;
		ResqueKeys keys = this.context.keys();
		try {
			Long removed = this.context.redis()
				.execute(ResqueScripts.UNREGISTER_WORKER,
						List.of(keys.workers(), keys.workerStarted(this.id), keys.workerPing(this.name),
								keys.heartbeats(), keys.worker(this.id), keys.processed(this.id),
								keys.failedCount(this.id)),
						this.id);
			this.redisAnsweredUnregister = true;
			return removed == null || removed != 0;
		}
		catch (DataAccessException ex) {
			log.warn("Worker {} could not unregister ({}); the scheduler will clean it up", this.name, ex.getMessage());
			return true;
		}
	}

	/** Whether Redis answered the last attempt to remove the registration (it did not when it was away). */
	boolean redisAnsweredUnregister() {
		return this.redisAnsweredUnregister;
	}

}
