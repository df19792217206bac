package dev.resque.core.scheduler;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * The leader's duty of keeping the failed queue at its cap, if it has one: the oldest entries go, in steps of at
 * most {@link #STEP} per poll, so that no call holds Redis for long. Without a cap (Resque's way) it does nothing.
 */
final class FailedQueueCap {

	private static final Logger log = LoggerFactory.getLogger(FailedQueueCap.class);

	/** The most entries one poll removes. */
	static final int STEP = 10_000;

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private volatile long maxEntries;

	FailedQueueCap(StringRedisTemplate redis, ResqueKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/** The most entries the failed queue keeps; 0 for no cap. */
	void maxEntries(long maxEntries) {
		if (maxEntries < 0) {
			throw new IllegalArgumentException("The failed queue's cap cannot be negative: " + maxEntries);
		}
		this.maxEntries = maxEntries;
	}

	void trim() {
		long max = this.maxEntries;
		if (max == 0) {
			return;
		}
		Long removed = this.redis.execute(ResqueScripts.TRIM_FAILED, List.of(this.keys.failed()), Long.toString(max),
				Integer.toString(STEP));
		if (removed != null && removed > 0) {
			log.debug("Removed the {} oldest entries of the failed queue, over its cap of {}", removed, max);
		}
	}

}
