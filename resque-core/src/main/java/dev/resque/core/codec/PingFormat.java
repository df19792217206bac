package dev.resque.core.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A worker's ping as node-resque's scheduler reads it: {@code {"time":<secs>,"name":..,"queues":..}}. Read by the
 * dead-worker duty and the admin API alike, so that both judge the same record the same way.
 */
final class PingFormat {

	private final JsonReader json;

	PingFormat(JsonReader json) {
		this.json = json;
	}

	String encode(Instant now, String worker, String queuesCsv) {
		return "{\"time\":" + now.getEpochSecond() + ",\"name\":" + JsonStrings.quote(worker) + ",\"queues\":"
				+ JsonStrings.quote(queuesCsv) + "}";
	}

	/**
	 * The ping; empty when the text is not one (not JSON, no whole-second {@code time}, or a time outside
	 * {@link Instant}'s range).
	 */
	Optional<PingRecord> decode(String text) {
		try {
			JsonNode node = this.json.tree(text);
			JsonNode time = (node != null && node.isObject()) ? node.get("time") : null;
			if (time == null || !time.isIntegralNumber() || !time.canConvertToLong()) {
				return Optional.empty();
			}
			JsonNode name = node.get("name");
			JsonNode queues = node.get("queues");
			return Optional.of(new PingRecord(Instant.ofEpochSecond(time.asLong()),
					(name != null && name.isString() && !name.asString().isEmpty()) ? name.asString() : null,
					(queues != null && queues.isString()) ? queues.asString() : ""));
		}
		catch (JacksonException | DateTimeException | ArithmeticException ex) {
			return Optional.empty();
		}
	}

}
