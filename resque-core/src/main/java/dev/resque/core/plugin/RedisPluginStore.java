package dev.resque.core.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.ResqueScripts;

/** The plugins' locks and counters in Redis, under the keys node-resque and resque-retry use. */
public final class RedisPluginStore implements PluginStore {

	private final StringRedisTemplate redis;

	public RedisPluginStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public boolean acquireLock(String key, String value, Duration ttl, Instant now, boolean takeOverStale) {
		Long taken = this.redis.execute(ResqueScripts.LOCK_ACQUIRE, List.of(key), value,
				Long.toString(Math.max(1, ttl.toSeconds())), Long.toString(now.getEpochSecond()),
				takeOverStale ? "1" : "0");
		return taken != null && taken == 1;
	}

	@Override
	public void releaseLock(String key, String value) {
		this.redis.execute(ResqueScripts.LOCK_RELEASE, List.of(key), value);
	}

	@Override
	public void delete(List<String> keys) {
		this.redis.delete(keys);
	}

	@Override
	public long increment(String key, long initial, Duration ttl) {
		Long value = this.redis.execute(ResqueScripts.INCREMENT, List.of(key), Long.toString(initial),
				Long.toString(Math.max(1, ttl.toSeconds())));
		if (value == null) {
			throw new IllegalStateException("Incrementing " + key + " answered nothing (a pipeline or transaction?)");
		}
		return value;
	}

	@Override
	public void set(String key, String value, Duration ttl) {
		this.redis.opsForValue().set(key, value, ttl);
	}

}
