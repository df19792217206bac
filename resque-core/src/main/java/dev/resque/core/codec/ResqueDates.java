package dev.resque.core.codec;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as the Resque family writes them. We write Ruby Resque's forms ({@code 2026/11/28 23:34:19 UTC} for
 * failures, ISO-8601 for {@code run_at}) and read every form a peer may have written: Ruby's, resque-retry's
 * zone-less variant, ISO-8601, Ruby's {@code Time#to_s}, Jesque's, JavaScript's {@code Date#toString} and epoch
 * seconds or milliseconds.
 */
public final class ResqueDates {

	private static final DateTimeFormatter RUBY_FAILED_AT = DateTimeFormatter
		.ofPattern("yyyy/MM/dd HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter HEARTBEAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx",
			Locale.ROOT);

	private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter
		.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/**
	 * Ruby's {@code %Z}: a zone abbreviation. {@code IST} is read as India's (Ruby Resque's users print it from
	 * Asia/Kolkata far more often than from Israel).
	 */
	private static final DateTimeFormatter SLASH_ZONE_NAME = new DateTimeFormatterBuilder()
		.appendPattern("yyyy/MM/dd HH:mm:ss ")
		.appendZoneText(TextStyle.SHORT, Set.of(ZoneId.of("Asia/Kolkata")))
		.toFormatter(Locale.ROOT);

	/** Ruby's {@code %Z} for a zone without an abbreviation (Sao Paulo, Dubai): a bare offset, {@code -03}. */
	private static final DateTimeFormatter SLASH_HOUR_OFFSET = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss x",
			Locale.ROOT);

	private static final DateTimeFormatter SLASH_OFFSET = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss xx",
			Locale.ROOT);

	private static final DateTimeFormatter SLASH_LOCAL = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss",
			Locale.ROOT);

	private static final DateTimeFormatter RUBY_TO_S = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx",
			Locale.ROOT);

	private static final DateTimeFormatter DASH_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss",
			Locale.ROOT);

	private static final DateTimeFormatter JESQUE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx",
			Locale.ROOT);

	/** {@code Sat Nov 28 2026 23:34:19 GMT+0000 (Coordinated Universal Time)}; the zone's name is ignored. */
	private static final Pattern JS_DATE = Pattern
		.compile("^[A-Z][a-z]{2} ([A-Z][a-z]{2} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2}) GMT([+-]\\d{4}).*$");

	private static final DateTimeFormatter JS_DATE_PART = DateTimeFormatter.ofPattern("MMM dd yyyy HH:mm:ss xx",
			Locale.ENGLISH);

	private static final List<Function<String, Instant>> PARSERS = List.of(
			(text) -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant(),
			(text) -> ZonedDateTime.parse(text, SLASH_ZONE_NAME).toInstant(),
			(text) -> OffsetDateTime.parse(text, SLASH_OFFSET).toInstant(),
			(text) -> OffsetDateTime.parse(text, SLASH_HOUR_OFFSET).toInstant(),
			(text) -> LocalDateTime.parse(text, SLASH_LOCAL).toInstant(ZoneOffset.UTC),
			(text) -> OffsetDateTime.parse(text, RUBY_TO_S).toInstant(),
			(text) -> LocalDateTime.parse(text, DASH_LOCAL).toInstant(ZoneOffset.UTC),
			(text) -> OffsetDateTime.parse(text, JESQUE).toInstant(), ResqueDates::parseJavaScript,
			ResqueDates::parseEpoch);

	private ResqueDates() {
	}

	/** Ruby Resque's {@code failed_at}: {@code 2026/11/28 23:34:19 UTC}. */
	public static String formatFailedAt(Instant instant) {
		return RUBY_FAILED_AT.format(instant);
	}

	/**
	 * Ruby Resque's heartbeat ({@code Time#iso8601} of the Redis server's time in UTC):
	 * {@code 2026-11-28T23:34:19+00:00}.
	 */
	public static String formatHeartbeat(Instant instant) {
		return HEARTBEAT.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
	}

	/** Ruby Resque's {@code run_at} ({@code Time.now.utc.iso8601}): {@code 2026-11-28T23:34:19Z}. */
	public static String formatRunAt(Instant instant) {
		return ISO_SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}

	/** Ruby's {@code Time#to_s}, which Ruby Resque writes as a worker's {@code started}: {@code 2026-11-28 23:34:19 +0000}. */
	public static String formatStarted(Instant instant) {
		return RUBY_TO_S.format(instant.atOffset(ZoneOffset.UTC));
	}

	/**
	 * Reads a date in any of the forms the Resque family writes. Dates without a zone are taken as UTC.
	 * @return the instant, or empty when the text is in none of the known forms
	 */
	public static Optional<Instant> parse(String text) {
		if (text == null || text.isBlank()) {
			return Optional.empty();
		}
		String trimmed = text.trim();
		for (Function<String, Instant> parser : PARSERS) {
			try {
				Instant parsed = parser.apply(trimmed);
				if (parsed != null) {
					return Optional.of(parsed);
				}
			}
			catch (DateTimeParseException | NumberFormatException ex) {
				// not this form: try the next one
			}
		}
		return Optional.empty();
	}

	private static Instant parseJavaScript(String text) {
		Matcher matcher = JS_DATE.matcher(text);
		if (!matcher.matches()) {
			return null;
		}
		return OffsetDateTime.parse(matcher.group(1) + " " + matcher.group(2), JS_DATE_PART).toInstant();
	}

	private static Instant parseEpoch(String text) {
		if (!text.chars().allMatch(Character::isDigit) || text.length() > 16) {
			return null;
		}
		long value = Long.parseLong(text);
		// ten digits of seconds reach the year 2286; anything longer is milliseconds
		return (text.length() <= 11) ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
	}


}
