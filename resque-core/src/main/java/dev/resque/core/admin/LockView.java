package dev.resque.core.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/** The plugins' locks: queue locks ({@code lock:*}) and job locks ({@code workerslock:*}) of every language. */
public final class LockView {

	private final RedisCalls calls;

	private final ResqueKeys keys;

	LockView(RedisCalls calls, ResqueKeys keys) {
		this.calls = calls;
		this.keys = keys;
	}

	/** Every lock by its key without namespace, with its value. */
	public SortedMap<String, String> all() {
		List<String> lockKeys = new ArrayList<>(this.calls.scan("scan locks", this.keys.queueLockPattern()));
		lockKeys.addAll(this.calls.scan("scan locks", this.keys.jobLockPattern()));
		if (lockKeys.isEmpty()) {
			return Collections.emptySortedMap();
		}
		List<String> values = this.calls.call("read locks", () -> this.calls.redis().opsForValue().multiGet(lockKeys));
		SortedMap<String, String> locks = new TreeMap<>();
		for (int i = 0; i < lockKeys.size(); i++) {
			String value = (values != null) ? values.get(i) : null;
			if (value != null) {
				locks.put(this.keys.strip(lockKeys.get(i)), value);
			}
		}
		return Collections.unmodifiableSortedMap(locks);
	}

	/** Deletes a lock by its key without namespace, as {@link #all()} lists it; returns 1 if it was there. */
	public long delete(String lock) {
		Boolean deleted = this.calls.call("delete lock", () -> this.calls.redis().delete(this.keys.key(lock)));
		return Boolean.TRUE.equals(deleted) ? 1 : 0;
	}

}
