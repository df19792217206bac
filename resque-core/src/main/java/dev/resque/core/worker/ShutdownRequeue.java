package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;

import dev.resque.core.codec.HeldRecord;
import dev.resque.core.redis.ResqueScripts;

/**
 * Gives the job a stopping worker still holds back to the head of its queue ({@code requeue.lua}), rather than
 * leave it for the scheduler to find once the worker's ping is stale. The script moves it only while the
 * working-on record is the one given, so a job whose outcome was recorded meanwhile is not run again.
 */
final class ShutdownRequeue {

	private static final Logger log = LoggerFactory.getLogger(ShutdownRequeue.class);

	private final String name;

	private final String id;

	private final WorkerContext context;

	ShutdownRequeue(String name, String id, WorkerContext context) {
		this.name = name;
		this.id = id;
		this.context = context;
	}

	/** The running job did not finish within the shutdown timeout: its outcome, if it ever ends, is not recorded. */
	void unfinished(TakenJob taken) {
		giveBack(taken, "did not finish within the shutdown timeout");
	}

	/**
	 * The running job ignored the interrupt of its timeout and its worker is given up on: the job goes back to the
	 * head of its queue, unless its outcome was recorded meanwhile.
	 * @return whether it was put back
	 */
	boolean hung(TakenJob taken) {
		return giveBack(taken, "hung past its timeout");
	}

	private boolean giveBack(TakenJob taken, String why) {
		try {
			Long requeued = requeue(taken.queue(), taken.record(), taken.payload());
			if (requeued != null && requeued > 0) {
				log.warn("A job of worker {} {}; it was put back at the head of queue {}", this.name, why, taken.queue());
				return true;
			}
			return false;
		}
		catch (DataAccessException ex) {
			log.warn("A job of worker {} {} and Redis is unavailable ({}); its working-on record stays for recovery",
					this.name, why, ex.getMessage());
			return false;
		}
	}

	/**
	 * Stopping after calls that failed: one of them may still have taken a job that Redis now holds for this
	 * worker (a late run of a timed-out take). It is read from the working-on record, which is all the worker has.
	 */
	void heldAfterFailedCalls() {
		try {
			byte[] record = this.context.redis().execute((RedisCallback<byte[]>) (connection) -> connection
				.stringCommands()
				.get(this.context.keys().worker(this.id).getBytes(StandardCharsets.UTF_8)));
			HeldRecord parts = (record != null) ? this.context.codec().splitWorkingOn(record) : null;
			if (parts != null) {
				requeue(parts.queue(), record, parts.payload());
				log.warn("Worker {} gave a job it took in a call it gave up on back to the head of queue {}", this.name,
						parts.queue());
			}
		}
		catch (DataAccessException ex) {
			log.debug("Worker {} could not check for a job held after failed calls: {}", this.name, ex.toString());
		}
	}

	private @Nullable Long requeue(String queue, byte[] record, byte[] payload) {
		return ResqueScripts.executeRaw(this.context.redis(), ResqueScripts.REQUEUE,
				List.of(this.context.keys().worker(this.id), this.context.keys().queue(queue)), record, payload,
				this.context.tracking().enabled() ? this.context.keys().jobPrefix() : "",
				Long.toString(this.context.tracking().pendingRetention().toMillis()));
	}

}
