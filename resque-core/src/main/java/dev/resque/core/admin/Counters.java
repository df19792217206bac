package dev.resque.core.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.resque.core.queue.ResqueStats;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/** The {@code stat:*} counters and the scheduler's leader lock. */
final class Counters {

	/** Sidekiq's daily counters, {@code stat:processed:2026-12-01}. */
	private static final Pattern DATE_STAMPED = Pattern.compile(".*:\\d{4}-\\d{2}-\\d{2}");

	private final RedisCalls calls;

	private final ResqueKeys keys;

	Counters(RedisCalls calls, ResqueKeys keys) {
		this.calls = calls;
		this.keys = keys;
	}

	ResqueStats stats() {
		List<String> statKeys = this.calls.scan("scan stats", this.keys.statPattern());
		List<String> values = statKeys.isEmpty() ? List.of()
				: this.calls.call("read stats", () -> this.calls.redis().opsForValue().multiGet(statKeys));
		long processed = 0;
		long failed = 0;
		long cancelled = 0;
		Map<String, long[]> perWorker = new TreeMap<>();
		String processedPrefix = this.keys.processed() + ":";
		String failedPrefix = this.keys.failedCount() + ":";
		for (int i = 0; i < statKeys.size(); i++) {
			String key = statKeys.get(i);
			long value = parseLong((values != null) ? values.get(i) : null);
			if (key.equals(this.keys.processed())) {
				processed = value;
			}
			else if (key.equals(this.keys.failedCount())) {
				failed = value;
			}
			else if (key.equals(this.keys.cancelledCount())) {
				cancelled = value;
			}
			else if (DATE_STAMPED.matcher(key).matches()) {
				// Sidekiq's daily counters on a shared namespace are not workers
				continue;
			}
			else if (key.startsWith(processedPrefix)) {
				perWorker.computeIfAbsent(key.substring(processedPrefix.length()), (k) -> new long[2])[0] = value;
			}
			else if (key.startsWith(failedPrefix)) {
				perWorker.computeIfAbsent(key.substring(failedPrefix.length()), (k) -> new long[2])[1] = value;
			}
		}
		Map<String, ResqueStats.WorkerStats> workers = new TreeMap<>();
		perWorker.forEach((name, counts) -> workers.put(name, new ResqueStats.WorkerStats(counts[0], counts[1])));
		return new ResqueStats(processed, failed, cancelled, workers);
	}

	Optional<String> leader() {
		return Optional.ofNullable(this.calls.call("read leader",
				() -> this.calls.redis().opsForValue().get(this.keys.leaderLock())));
	}

	private static long parseLong(@Nullable String value) {
		if (value == null) {
			return 0;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
