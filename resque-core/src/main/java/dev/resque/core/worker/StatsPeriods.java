package dev.resque.core.worker;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import dev.resque.core.redis.ResqueKeys;

/**
 * The keys of the day's and the minute's counters for a moment, made again only when the minute changes: a worker
 * asks for them at every finish.
 */
final class StatsPeriods {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
		.withZone(ZoneOffset.UTC);

	private final ResqueKeys keys;

	private long minute = Long.MIN_VALUE;

	private String dayKey = "";

	private String minuteKey = "";

	StatsPeriods(ResqueKeys keys) {
		this.keys = keys;
	}

	/** {@code [day key, minute key]} for this moment. */
	synchronized String[] at(Instant now) {
		long epochMinute = Math.floorDiv(now.getEpochSecond(), 60);
		if (epochMinute != this.minute) {
			String text = MINUTE.format(now);
			this.dayKey = this.keys.dayStats(text.substring(0, 10));
			this.minuteKey = this.keys.minuteStats(text);
			this.minute = epochMinute;
		}
		return new String[] { this.dayKey, this.minuteKey };
	}

}
