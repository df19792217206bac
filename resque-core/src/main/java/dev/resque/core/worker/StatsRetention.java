package dev.resque.core.worker;

import java.time.Duration;

/**
 * How long the per-day and per-minute job counters are kept, which workers count in memory and add to Redis at
 * each ping (no command per job).
 *
 * @param days how long a day's counters are kept
 * @param minutes how long a minute's counters are kept
 */
public record StatsRetention(Duration days, Duration minutes) {

	public StatsRetention {
		if (days.toSeconds() < 1 || minutes.toSeconds() < 1) {
			throw new IllegalArgumentException("Statistics are kept a second or more, not " + days + " and " + minutes);
		}
	}

	/** A year of days, a day of minutes. */
	public static StatsRetention defaults() {
		return new StatsRetention(Duration.ofDays(365), Duration.ofDays(1));
	}

	/** What the take script is told: {@code daySeconds,minuteSeconds}. */
	String wire() {
		return this.days.toSeconds() + "," + this.minutes.toSeconds();
	}

}
