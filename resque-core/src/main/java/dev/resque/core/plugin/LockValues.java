package dev.resque.core.plugin;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The value of a lock: its expiry in epoch seconds, as node-resque writes it, followed by a token only its owner
 * knows, so that only the owner releases it.
 */
final class LockValues {

	private LockValues() {
	}

	static String newValue(Clock clock, Duration ttl) {
		long expiry = clock.instant().getEpochSecond() + ttl.toSeconds() + 1;
		return expiry + "." + UUID.randomUUID().toString().replace("-", "");
	}

}
