package dev.resque.core.plugin;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.ResqueScripts;

/**
 * Takes and releases locks atomically (SET NX EX; release by owner only). A lock's value starts with its expiry
 * in epoch seconds, as node-resque writes it, followed by a token only its owner knows.
 */
final class LockValues {

	private LockValues() {
	}

	static String newValue(Clock clock, Duration ttl) {
		long expiry = clock.instant().getEpochSecond() + ttl.toSeconds() + 1;
		return expiry + "." + UUID.randomUUID().toString().replace("-", "");
	}

	static boolean acquire(StringRedisTemplate redis, String key, String value, Duration ttl, Clock clock,
			boolean takeOverStale) {
		Long taken = redis.execute(ResqueScripts.LOCK_ACQUIRE, List.of(key), value,
				Long.toString(Math.max(1, ttl.toSeconds())), Long.toString(clock.instant().getEpochSecond()),
				takeOverStale ? "1" : "0");
		return taken != null && taken == 1;
	}

	static void release(StringRedisTemplate redis, String key, String value) {
		redis.execute(ResqueScripts.LOCK_RELEASE, List.of(key), value);
	}

}
