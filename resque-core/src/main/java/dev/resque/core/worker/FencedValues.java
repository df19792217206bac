package dev.resque.core.worker;

import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.ResqueScripts;

/**
 * Values in Redis that a job writes under its fencing token: a write is refused when the same job's newer attempt
 * wrote the value already, so of two attempts of one job (a stalled one waking up after its job ran again
 * elsewhere) only the newest one's effect stays. Each value is a hash ({@code value}, {@code job},
 * {@code attempt}) at a key of the application's choosing.
 */
public final class FencedValues {

	private final StringRedisTemplate redis;

	public FencedValues(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Writes the value unless this job's newer (or the same) attempt wrote it already; in one script.
	 * @return whether it was written
	 */
	public boolean set(String key, String value, FencingToken token) {
		Long written = this.redis.execute(ResqueScripts.FENCED_SET, List.of(key), value, token.jobId(),
				Long.toString(token.attempt()));
		return written != null && written > 0;
	}

	/** The value, whichever attempt wrote it. */
	public Optional<String> get(String key) {
		Object value = this.redis.opsForHash().get(key, "value");
		return Optional.ofNullable((value != null) ? value.toString() : null);
	}

	/** The token of the attempt that wrote the value, if one did. */
	public Optional<FencingToken> writtenBy(String key) {
		List<Object> fields = this.redis.opsForHash().multiGet(key, List.of("job", "attempt"));
		if (fields == null || fields.get(0) == null || fields.get(1) == null) {
			return Optional.empty();
		}
		return Optional.of(new FencingToken(fields.get(0).toString(), Long.parseLong(fields.get(1).toString())));
	}

}
