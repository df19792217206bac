package dev.resque.core.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.resque.core.queue.PeriodCounts;
import dev.resque.core.queue.PeriodCounts.Counts;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * The per-day and per-minute job counters our workers keep (for charts): read in one round trip however many
 * periods, at most {@link #MAX_PERIODS} at a time. Periods with nothing counted, or no longer kept, count zero.
 */
public final class StatisticsView {

	/** The most periods one call reads. */
	public static final int MAX_PERIODS = 1_500;

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
		.withZone(ZoneOffset.UTC);

	private final RedisCalls calls;

	private final ResqueKeys keys;

	StatisticsView(RedisCalls calls, ResqueKeys keys) {
		this.calls = calls;
		this.keys = keys;
	}

	/** Each UTC day from {@code from} to {@code to}, both included, oldest first. */
	public List<PeriodCounts> days(LocalDate from, LocalDate to) {
		List<String> periods = new ArrayList<>();
		for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
			periods.add(day.toString());
			checkSize(periods);
		}
		return read(periods, periods.stream().map(this.keys::dayStats).toList());
	}

	/** Each UTC minute from the one {@code from} falls in to the one {@code to} falls in, oldest first. */
	public List<PeriodCounts> minutes(Instant from, Instant to) {
		List<String> periods = new ArrayList<>();
		for (Instant minute = from.truncatedTo(ChronoUnit.MINUTES); !minute.isAfter(to); minute = minute.plusSeconds(60)) {
			periods.add(MINUTE.format(minute));
			checkSize(periods);
		}
		return read(periods, periods.stream().map(this.keys::minuteStats).toList());
	}

	private static void checkSize(List<String> periods) {
		if (periods.size() > MAX_PERIODS) {
			throw new IllegalArgumentException("At most " + MAX_PERIODS + " periods are read at a time");
		}
	}

	private List<PeriodCounts> read(List<String> periods, List<String> periodKeys) {
		List<Object> replies = periodKeys.isEmpty() ? List.of()
				: this.calls.pipeline("read statistics",
						(ops) -> periodKeys.forEach((key) -> ops.opsForHash().entries(key)));
		List<PeriodCounts> counts = new ArrayList<>(periods.size());
		for (int i = 0; i < periods.size(); i++) {
			Object reply = (i < replies.size()) ? replies.get(i) : null;
			counts.add(counts(periods.get(i), (reply instanceof Map<?, ?> fields) ? fields : Map.of()));
		}
		return counts;
	}

	/** Fields {@code processed}, {@code failed}, {@code cancelled}, and each as {@code <outcome>:<queue>}. */
	private static PeriodCounts counts(String period, Map<?, ?> fields) {
		long[] total = new long[3];
		Map<String, long[]> queues = new HashMap<>();
		fields.forEach((name, value) -> {
			String field = String.valueOf(name);
			int colon = field.indexOf(':');
			String outcome = (colon < 0) ? field : field.substring(0, colon);
			int slot = switch (outcome) {
				case "processed" -> 0;
				case "failed" -> 1;
				case "cancelled" -> 2;
				default -> -1;
			};
			if (slot < 0) {
				return;
			}
			long count = parse(value);
			long[] into = (colon < 0) ? total : queues.computeIfAbsent(field.substring(colon + 1), (queue) -> new long[3]);
			into[slot] = count;
		});
		Map<String, Counts> perQueue = new HashMap<>();
		queues.forEach((queue, values) -> perQueue.put(queue, new Counts(values[0], values[1], values[2])));
		return new PeriodCounts(period, new Counts(total[0], total[1], total[2]), perQueue);
	}

	private static long parse(Object value) {
		try {
			return Long.parseLong(String.valueOf(value));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
