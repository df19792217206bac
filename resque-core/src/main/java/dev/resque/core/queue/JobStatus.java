package dev.resque.core.queue;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where a tracked job is and how it went, as its status in Redis says.
 *
 * @param id the job's id
 * @param state where it is now
 * @param jobName the job's name (its payload's {@code "class"})
 * @param queue its queue
 * @param attempts how many times a worker took it (a retry, a requeue after a worker died and the current run
 * all count)
 * @param requeued how many times it was put back on its queue unfinished (its worker died or shut down)
 * @param enqueuedAt when it was first enqueued, or scheduled
 * @param runAt when a delayed or retrying job is due
 * @param worker the worker that runs it, or ran it last
 * @param startedAt when its current or last run started
 * @param finishedAt when its last run ended
 * @param lastError the last error it ended a run with (class and message), even when a later run succeeded
 * @param progress the last progress its current run reported (0 to 100)
 * @param progressMessage what that report said
 * @param batchId the batch it belongs to, or {@code null}
 * @param superseded how many of its attempts ended after it had been taken again (a worker that stalled past the
 * stuck timeout): their outcome was not recorded
 */
public record JobStatus(String id, State state, String jobName, String queue, long attempts, long requeued,
		@Nullable Instant enqueuedAt, @Nullable Instant runAt, @Nullable String worker, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, @Nullable String lastError, @Nullable Integer progress,
		@Nullable String progressMessage, @Nullable String batchId, long superseded) {

	/** Whether the job has ended for good (it will not run again by itself). */
	public boolean isEnded() {
		return this.state.isEnded();
	}

	/** Where a job is. */
	public enum State {

		/** On its queue, waiting for a worker. */
		QUEUED,

		/** Scheduled for a later time. */
		DELAYED,

		/** Being performed by {@link JobStatus#worker()} since {@link JobStatus#startedAt()}. */
		RUNNING,

		/** Failed and scheduled to run again at {@link JobStatus#runAt()} (a retry plugin). */
		RETRYING,

		/** Performed without an error. */
		SUCCEEDED,

		/** Failed for good: its entry is in the failed queue. */
		FAILED,

		/** Cancelled while it ran, or before. */
		CANCELLED,

		/** Stopped by a plugin before it ran. */
		DROPPED,

		/** A state this version does not know (written by a newer one). */
		UNKNOWN;

		/** The state as the scripts write it ({@code queued}, {@code running}...). */
		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

		public boolean isEnded() {
			return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == DROPPED;
		}

		public static State ofWire(@Nullable String wire) {
			if (wire != null) {
				for (State state : values()) {
					if (state != UNKNOWN && state.wire().equals(wire)) {
						return state;
					}
				}
			}
			return UNKNOWN;
		}

	}

}
