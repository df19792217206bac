package dev.resque.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.plugin.PluginStore;

/**
 * The built-in plugins' locks and counters in memory, for the test modes: each entry expires by the mode's
 * clock, as a Redis key with a TTL would. Every entry here has its expiry, so none is ever stale by its value.
 */
final class MemoryPluginStore implements PluginStore {

	private final Clock clock;

	private final Map<String, Entry> entries = new HashMap<>();

	MemoryPluginStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized boolean acquireLock(String key, String value, Duration ttl, Instant now, boolean takeOverStale) {
		if (live(key) != null) {
			return false;
		}
		put(key, value, ttl.isZero() ? Duration.ofSeconds(1) : ttl);
		return true;
	}

	@Override
	public synchronized void releaseLock(String key, String value) {
		Entry entry = live(key);
		if (entry != null && entry.value().equals(value)) {
			this.entries.remove(key);
		}
	}

	@Override
	public synchronized void delete(List<String> keys) {
		keys.forEach(this.entries::remove);
	}

	@Override
	public synchronized long increment(String key, long initial, Duration ttl) {
		Entry entry = live(key);
		long value = ((entry != null) ? Long.parseLong(entry.value()) : initial) + 1;
		put(key, Long.toString(value), ttl);
		return value;
	}

	@Override
	public synchronized void set(String key, String value, Duration ttl) {
		put(key, value, ttl);
	}

	/** The keys held now, for tests of the test modes. */
	synchronized List<String> keys() {
		return this.entries.keySet().stream().filter((key) -> live(key) != null).sorted().toList();
	}

	private void put(String key, String value, Duration ttl) {
		this.entries.put(key, new Entry(value, this.clock.instant().plus(ttl)));
	}

	private @Nullable Entry live(String key) {
		Entry entry = this.entries.get(key);
		if (entry != null && !this.clock.instant().isBefore(entry.expiresAt())) {
			this.entries.remove(key);
			return null;
		}
		return entry;
	}

	private record Entry(String value, Instant expiresAt) {
	}

}
