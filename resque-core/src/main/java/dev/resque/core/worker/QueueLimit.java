package dev.resque.core.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Limits on a queue, held by every instance's workers together inside the take script: at most
 * {@code maxConcurrency} of its jobs run at once, and at most {@code rateLimit} are taken within any
 * {@code ratePeriod}. A job over a limit stays on its queue (none is taken and put back), and a slot a dead worker
 * held lapses with its lease. Every instance working the queue must be given the same limits: one without them
 * does not honour them.
 *
 * @param maxConcurrency how many of its jobs may run at once, across instances; {@code null} for no limit
 * @param rateLimit how many of its jobs may be taken within any {@code ratePeriod}; {@code null} for no limit
 * @param ratePeriod the sliding window of the rate limit
 */
public record QueueLimit(@Nullable Integer maxConcurrency, @Nullable Integer rateLimit, Duration ratePeriod) {

	public QueueLimit {
		if (maxConcurrency != null && maxConcurrency < 1) {
			throw new IllegalArgumentException("A queue's max concurrency must be at least 1, not " + maxConcurrency);
		}
		if (rateLimit != null && rateLimit < 1) {
			throw new IllegalArgumentException("A queue's rate limit must be at least 1, not " + rateLimit);
		}
		if (ratePeriod.toMillis() < 1) {
			throw new IllegalArgumentException("A rate limit's period must be at least 1 ms, not " + ratePeriod);
		}
	}

	public static QueueLimit concurrency(int maxConcurrency) {
		return new QueueLimit(maxConcurrency, null, Duration.ofSeconds(1));
	}

	public static QueueLimit rate(int jobs, Duration period) {
		return new QueueLimit(null, jobs, period);
	}

}
