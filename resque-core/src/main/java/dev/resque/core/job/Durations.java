package dev.resque.core.job;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations written in annotations ({@code @ResqueJob(timeout)}, the plugins'): {@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601; and writes them so in log lines.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("^(\\d+)(ms|s|m|h|d)$");

	private Durations() {
	}

	public static Duration parse(String text, String where) {
		String trimmed = text.trim();
		Matcher matcher = SIMPLE.matcher(trimmed);
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(trimmed);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(where + ": \"" + text + "\" is not a duration (use 500ms, 10s, 5m, 2h, 1d)");
		}
	}

	/** A duration as the annotations write it, in its largest whole unit: {@code 500ms}, {@code 10s}, {@code 5m}. */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0 || millis % 1000 != 0) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		if (seconds % 86_400 == 0) {
			return (seconds / 86_400) + "d";
		}
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

}
