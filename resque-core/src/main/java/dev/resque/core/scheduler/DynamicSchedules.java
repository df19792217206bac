package dev.resque.core.scheduler;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.queue.StoredSchedule;
import dev.resque.core.redis.ResqueKeys;

/**
 * Recurring schedules added at run time, kept where resque-scheduler keeps its dynamic ones
 * ({@code persistent_schedules}, in rufus-scheduler's terms), and their translation to and from
 * {@link RecurringJob}s. The leader reads them at each poll, so a schedule added on any instance fires on whichever
 * instance leads, and goes on firing after a leader change.
 */
public final class DynamicSchedules {

	private static final Logger log = LoggerFactory.getLogger(DynamicSchedules.class);

	private static final Pattern INTERVAL_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)([smhdw]?)");

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final JobCodec codec;

	/** The entries already reported as unreadable, by name, with the text reported: each is logged once. */
	private final Map<String, String> reported = new LinkedHashMap<>();

	DynamicSchedules(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
	}

	/**
	 * The dynamic schedules, unreadable entries skipped (each logged once): one of them never stops the others.
	 */
	List<RecurringJob> read() {
		Map<Object, Object> entries = this.redis.opsForHash().entries(this.keys.persistentSchedules());
		List<RecurringJob> schedules = new ArrayList<>(entries.size());
		for (Map.Entry<Object, Object> entry : entries.entrySet()) {
			String name = entry.getKey().toString();
			String text = entry.getValue().toString();
			try {
				schedules.add(recurring(this.codec.decodeSchedule(name, text)));
				this.reported.remove(name);
			}
			catch (InvalidPayloadException | IllegalArgumentException ex) {
				if (!text.equals(this.reported.put(name, text))) {
					log.warn("Dynamic schedule {} cannot be fired and is skipped: {}", name, ex.getMessage());
				}
			}
		}
		return schedules;
	}

	/** The names of the schedules that are paused. */
	Set<String> paused() {
		Set<String> names = this.redis.opsForSet().members(this.keys.pausedSchedules());
		return (names != null) ? names : new HashSet<>();
	}

	/**
	 * A stored schedule as a recurring job: a 5-field cron expression (rufus-scheduler's, minute first) fires at
	 * second 0; a time zone may follow it.
	 * @throws IllegalArgumentException when its cron expression or interval cannot be read
	 */
	public static RecurringJob recurring(StoredSchedule schedule) {
		if (schedule.cron() != null) {
			List<String> fields = new ArrayList<>(Arrays.asList(schedule.cron().trim().split("\\s+")));
			ZoneId zone = ZoneOffset.UTC;
			if (fields.size() > 5 && isZone(fields.get(fields.size() - 1))) {
				zone = ZoneId.of(fields.remove(fields.size() - 1));
			}
			if (fields.size() == 5) {
				fields.add(0, "0");
			}
			return RecurringJob.cron(schedule.name(), schedule.job(), String.join(" ", fields), zone);
		}
		return RecurringJob.every(schedule.name(), schedule.job(), interval(schedule.name(), String.valueOf(schedule.every())));
	}

	/** A recurring job as resque-scheduler stores it. */
	public static StoredSchedule stored(RecurringJob schedule, String description) {
		if (schedule.cron() != null) {
			String zone = schedule.zone().normalized().equals(ZoneOffset.UTC) ? "" : " " + schedule.zone().getId();
			return new StoredSchedule(schedule.name(), schedule.job(), schedule.cron().toString() + zone, null, description);
		}
		return new StoredSchedule(schedule.name(), schedule.job(), null, rufus(schedule.every()), description);
	}

	/** An interval in rufus-scheduler's form: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}, {@code 1w}. */
	static Duration interval(String name, String text) {
		String compact = text.trim().toLowerCase(java.util.Locale.ROOT);
		Matcher part = INTERVAL_PART.matcher(compact);
		double seconds = 0;
		int at = 0;
		while (at < compact.length() && part.find(at) && part.start() == at) {
			double amount = Double.parseDouble(part.group(1));
			seconds += amount * switch (part.group(2)) {
				case "m" -> 60;
				case "h" -> 3_600;
				case "d" -> 86_400;
				case "w" -> 604_800;
				default -> 1;
			};
			at = part.end();
		}
		if (compact.isEmpty() || at != compact.length()) {
			throw new IllegalArgumentException("Schedule " + name + " has an interval \"" + text
					+ "\" that is not rufus-scheduler's (such as 30s, 5m, 1h30m, 2d)");
		}
		return Duration.ofMillis(Math.round(seconds * 1000));
	}

	private static String rufus(Duration every) {
		long seconds = every.toSeconds();
		if (seconds % 86_400 == 0) {
			return (seconds / 86_400) + "d";
		}
		if (seconds % 3_600 == 0) {
			return (seconds / 3_600) + "h";
		}
		if (seconds % 60 == 0) {
			return (seconds / 60) + "m";
		}
		return seconds + "s";
	}

	private static boolean isZone(String token) {
		if (!token.contains("/") && !token.equalsIgnoreCase("UTC") && !token.equalsIgnoreCase("GMT")) {
			return false;
		}
		try {
			ZoneId.of(token);
			return true;
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

}
