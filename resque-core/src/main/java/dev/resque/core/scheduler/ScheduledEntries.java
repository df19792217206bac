package dev.resque.core.scheduler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Byte-level reads for the scheduler's duties: entries are matched again by the scripts that move them, so they
 * must come back exactly as Redis holds them, not as a String that replaced what is not UTF-8.
 */
final class ScheduledEntries {

	private final StringRedisTemplate redis;

	ScheduledEntries(StringRedisTemplate redis) {
		this.redis = redis;
	}

	byte[] get(String key) {
		return this.redis.execute((RedisCallback<byte[]>) (connection) -> connection.stringCommands().get(raw(key)));
	}

	List<byte[]> multiGet(List<String> keys) {
		byte[][] raw = keys.stream().map(ScheduledEntries::raw).toArray(byte[][]::new);
		return this.redis.execute((RedisCallback<List<byte[]>>) (connection) -> connection.stringCommands().mGet(raw));
	}

	List<byte[]> range(String key, long start, long end) {
		return this.redis
			.execute((RedisCallback<List<byte[]>>) (connection) -> connection.listCommands().lRange(raw(key), start, end));
	}

	/**
	 * The same range of several lists in one pipeline, in their order; null when any of them could not be read
	 * (a key of another type, say), for the caller to read them one by one and deal with each.
	 */
	@Nullable List<List<byte[]>> ranges(List<String> keys, long start, long end) {
		List<Object> replies;
		try {
			replies = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
				for (String key : keys) {
					connection.listCommands().lRange(raw(key), start, end);
				}
				return null;
			}, RedisSerializer.byteArray());
		}
		catch (DataAccessException ex) {
			return null;
		}
		if (replies == null || replies.size() != keys.size()) {
			return null;
		}
		List<List<byte[]>> ranges = new ArrayList<>(replies.size());
		for (Object reply : replies) {
			if (!(reply instanceof List<?> entries)) {
				return null;
			}
			List<byte[]> range = new ArrayList<>(entries.size());
			for (Object entry : entries) {
				if (!(entry instanceof byte[] bytes)) {
					return null;
				}
				range.add(bytes);
			}
			ranges.add(range);
		}
		return ranges;
	}

	/** Seconds since the Redis server started, or -1 when it will not say (INFO may be renamed away). */
	long uptimeSeconds() {
		try {
			var info = this.redis.execute((RedisConnection connection) -> connection.serverCommands().info("server"));
			String uptime = (info != null) ? info.getProperty("uptime_in_seconds") : null;
			return (uptime != null) ? Long.parseLong(uptime.trim()) : -1;
		}
		catch (DataAccessException | NumberFormatException ex) {
			return -1;
		}
	}

	static byte[] raw(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

	/** Whether a failure is Redis refusing a command on a key of another type (a damaged or foreign entry). */
	static boolean isWrongType(DataAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("WRONGTYPE")) {
				return true;
			}
		}
		return false;
	}

}
