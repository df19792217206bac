package dev.resque.core.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the built-in plugins keep their locks and retry counters: Redis ({@link RedisPluginStore}) for workers and
 * the template, memory for the test modes, so that {@code @JobLock}, {@code @QueueLock} and {@code @Retry} behave
 * the same in both. Each method is one atomic step.
 */
public interface PluginStore {

	/**
	 * Takes a lock that expires after {@code ttl}. The value starts with its expiry in epoch seconds (as node-resque
	 * writes it) and ends with a token only its owner knows.
	 * @param now the time by the plugins' clock
	 * @param takeOverStale whether a lock whose value says it expired before {@code now} may be taken over (a
	 * lock written by a peer without a TTL)
	 * @return whether the lock was taken
	 */
	boolean acquireLock(String key, String value, Duration ttl, Instant now, boolean takeOverStale);

	/** Releases a lock if it still holds {@code value}: a lock taken over by someone else stays theirs. */
	void releaseLock(String key, String value);

	/** Removes keys, whatever they hold. */
	void delete(List<String> keys);

	/**
	 * Adds one to a counter and (re)sets its time to live, creating it with {@code initial} first when absent.
	 * @return the counter after the increment
	 */
	long increment(String key, long initial, Duration ttl);

	/** Stores a value that expires after {@code ttl}. */
	void set(String key, String value, Duration ttl);

}
