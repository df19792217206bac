package dev.resque.core.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an outage of Redis once for all workers, not once per worker and retry, and gives the back-off before the
 * next attempt.
 */
final class RedisOutage {

	private static final Logger log = LoggerFactory.getLogger(RedisOutage.class);

	private static final Duration MIN_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private final String endpoint;

	private final AtomicBoolean down = new AtomicBoolean();

	RedisOutage(String endpoint) {
		this.endpoint = endpoint;
	}

	void failed(RuntimeException ex) {
		if (this.down.compareAndSet(false, true)) {
			log.warn("{} cannot be used ({}); workers back off and retry until it is back", this.endpoint,
					ex.getMessage());
		}
		else {
			log.debug("{} still unavailable: {}", this.endpoint, ex.toString());
		}
	}

	void succeeded() {
		if (this.down.get() && this.down.compareAndSet(true, false)) {
			log.info("{} is reachable again; workers resume", this.endpoint);
		}
	}

	static Duration backoff(int attempt) {
		long millis = MIN_BACKOFF.toMillis() << Math.min(attempt, 6);
		return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
	}

}
