package dev.resque.core.job;

import java.time.Duration;
import java.util.Objects;

/**
 * How the jobs this library enqueues are tracked: each carries an id, and its status (queued, delayed, running,
 * retrying, succeeded, failed, cancelled, dropped; attempts, last error, progress) is kept under
 * {@code <ns>:job:<id>}, written by the same scripts that move the job, so tracking adds no round trip. Jobs
 * of other programs carry no id and are not tracked.
 *
 * @param enabled whether jobs get an id and a status at all
 * @param pendingRetention how long the status of a job that has not ended lasts without moving on (a job
 * queued for longer than this is still run, but its status is gone until it is taken)
 * @param historyRetention how long an ended job's status is kept
 * @param maxHistory the most ended jobs kept; the scheduler removes the oldest beyond it, in bounded steps
 */
public record JobTracking(boolean enabled, Duration pendingRetention, Duration historyRetention, long maxHistory) {

	/** Kept a day, at most 10,000 ended jobs: a few MB of Redis for a busy application. */
	public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofHours(24);

	public static final long DEFAULT_MAX_HISTORY = 10_000;

	public static final Duration DEFAULT_PENDING_RETENTION = Duration.ofDays(7);

	public JobTracking {
		Objects.requireNonNull(pendingRetention, "pendingRetention");
		Objects.requireNonNull(historyRetention, "historyRetention");
		if (pendingRetention.isNegative() || pendingRetention.isZero() || historyRetention.isNegative()
				|| historyRetention.isZero()) {
			throw new IllegalArgumentException("Retentions must be positive");
		}
		if (maxHistory < 0) {
			throw new IllegalArgumentException("maxHistory must not be negative");
		}
	}

	/** Tracking on, with the default retentions. */
	public static JobTracking defaults() {
		return new JobTracking(true, DEFAULT_PENDING_RETENTION, DEFAULT_HISTORY_RETENTION, DEFAULT_MAX_HISTORY);
	}

	/** No ids, no statuses: payloads exactly as Resque writes them. */
	public static JobTracking off() {
		return new JobTracking(false, DEFAULT_PENDING_RETENTION, DEFAULT_HISTORY_RETENTION, DEFAULT_MAX_HISTORY);
	}

}
