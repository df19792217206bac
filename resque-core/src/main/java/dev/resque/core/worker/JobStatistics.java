package dev.resque.core.worker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * The per-day and per-minute job counters of a container: its workers count each outcome here, in memory, and the
 * ping thread adds what was counted to Redis at every ping, in one script for all periods and queues, so a job
 * costs no command of its own. Counts not yet added when an instance dies (at most a ping interval's) are lost;
 * counts a flush could not add are kept for the next.
 */
final class JobStatistics {

	private static final Logger log = LoggerFactory.getLogger(JobStatistics.class);

	private final StringRedisTemplate redis;

	private final StatsRetention retention;

	private final Clock clock;

	private final StatsPeriods periods;

	/** Counts by period key and field, each kept with the lifetime of its period. */
	private final Map<Count, LongAdder> counts = new ConcurrentHashMap<>();

	JobStatistics(StringRedisTemplate redis, ResqueKeys keys, StatsRetention retention, Clock clock) {
		this.redis = redis;
		this.retention = retention;
		this.clock = clock;
		this.periods = new StatsPeriods(keys);
	}

	/** Counts a job's outcome; jobs a plugin dropped are not counted. */
	void record(JobOutcome outcome, String queue) {
		String field = switch (outcome) {
			case SUCCESS -> "processed";
			case FAILURE, RETRIED -> "failed";
			case CANCELLED -> "cancelled";
			case DROPPED -> null;
		};
		if (field == null || queue.isEmpty()) {
			return;
		}
		String[] keys = this.periods.at(this.clock.instant());
		long[] lifetimes = { this.retention.days().toSeconds(), this.retention.minutes().toSeconds() };
		for (int i = 0; i < 2; i++) {
			add(new Count(keys[i], field, lifetimes[i]));
			add(new Count(keys[i], field + ":" + queue, lifetimes[i]));
		}
	}

	private void add(Count count) {
		this.counts.computeIfAbsent(count, (key) -> new LongAdder()).increment();
	}

	/** Adds what was counted since the last flush to Redis; on the ping thread, and once more at shutdown. */
	void flush() {
		Map<Count, Long> taken = new LinkedHashMap<>();
		this.counts.forEach((count, adder) -> {
			long value = adder.sumThenReset();
			if (value != 0) {
				taken.put(count, value);
			}
		});
		// periods that counted nothing since the last flush are past: they are not kept in memory
		this.counts.entrySet().removeIf((entry) -> entry.getValue().sum() == 0 && !taken.containsKey(entry.getKey()));
		if (taken.isEmpty()) {
			return;
		}
		List<String> keys = new ArrayList<>();
		List<String> args = new ArrayList<>(taken.size() * 4);
		taken.forEach((count, value) -> {
			int index = keys.indexOf(count.key());
			if (index < 0) {
				keys.add(count.key());
				index = keys.size() - 1;
			}
			args.add(Integer.toString(index + 1));
			args.add(count.field());
			args.add(Long.toString(value));
			args.add(Long.toString(count.lifetime()));
		});
		try {
			this.redis.execute(ResqueScripts.ADD_STATS, keys, args.toArray());
		}
		catch (RuntimeException ex) {
			// kept for the next flush: Redis may be away for a while
			taken.forEach((count, value) -> this.counts.computeIfAbsent(count, (key) -> new LongAdder()).add(value));
			log.debug("Adding job statistics failed; they are added at a later ping: {}", ex.toString());
		}
	}

	private record Count(String key, String field, long lifetime) {
	}

}
