package dev.resque.core.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import dev.resque.core.queue.WorkingOn;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static dev.resque.core.codec.JsonReader.abbreviate;
import static dev.resque.core.codec.PayloadReader.text;

/**
 * The working-on record of a worker holding a job: {@code {"run_at":..,"queue":..,"worker":..,"payload":<payload>}},
 * the payload embedded byte for byte as taken from the queue. The take script builds it from the parts written here
 * ({@link #start}, {@link #middle}); a record this library wrote is cut back into its parts without decoding the
 * payload ({@link #split}), so that a job put back is the very bytes that were taken. Records of the other
 * implementations, with their fields in other orders, are read as trees ({@link #decode}).
 */
final class WorkingOnFormat {

	/** Field markers of the records this library writes, to cut them without decoding the payload. */
	private static final byte[] RUN_AT_FIELD = "{\"run_at\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] QUEUE_FIELD = ",\"queue\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WORKER_FIELD = ",\"worker\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PAYLOAD_FIELD = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);

	private final JsonReader json;

	WorkingOnFormat(JsonReader json) {
		this.json = json;
	}

	String encode(Instant runAt, String queue, String worker, String payload) {
		return start(runAt) + JsonStrings.quote(queue) + middle(worker) + payload + "}";
	}

	/** The record up to the queue name. */
	String start(Instant runAt) {
		return "{\"run_at\":" + JsonStrings.quote(ResqueDates.formatRunAt(runAt)) + ",\"queue\":";
	}

	/** The record from after the queue name up to the payload. */
	String middle(String worker) {
		return ",\"worker\":" + JsonStrings.quote(worker) + ",\"payload\":";
	}

	/**
	 * A record this library wrote, cut into queue, worker and the payload's exact bytes; {@code null} when the
	 * record has another form. The field markers cannot occur inside the queue or worker strings, whose quotes are
	 * escaped.
	 */
	@Nullable HeldRecord split(byte[] record) {
		int queueAt = indexOf(record, QUEUE_FIELD, 0);
		int workerAt = (queueAt < 0) ? -1 : indexOf(record, WORKER_FIELD, queueAt);
		int payloadAt = (workerAt < 0) ? -1 : indexOf(record, PAYLOAD_FIELD, workerAt);
		if (payloadAt < 0 || !startsWith(record, RUN_AT_FIELD) || record[record.length - 1] != '}') {
			return null;
		}
		try {
			String queue = this.json.string(record, queueAt + QUEUE_FIELD.length,
					workerAt - queueAt - QUEUE_FIELD.length);
			String worker = this.json.string(record, workerAt + WORKER_FIELD.length,
					payloadAt - workerAt - WORKER_FIELD.length);
			byte[] payload = Arrays.copyOfRange(record, payloadAt + PAYLOAD_FIELD.length, record.length - 1);
			return (queue != null && worker != null) ? new HeldRecord(queue, worker, payload) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * A record written by any implementation; one without a {@code worker} field (Ruby's) is the given worker's.
	 * @throws InvalidPayloadException when the record is not a JSON object holding a payload
	 */
	WorkingOn decode(String record, String workerName) {
		JsonNode node = this.json.exactTree(record);
		if (!node.isObject()) {
			throw new InvalidPayloadException("Working-on record is not a JSON object: " + abbreviate(record));
		}
		String queue = text(node, "queue");
		JsonNode payload = node.get("payload");
		if (payload == null || !payload.isObject()) {
			throw new InvalidPayloadException("Working-on record has no payload: " + abbreviate(record));
		}
		String worker = node.hasNonNull("worker") ? text(node, "worker") : workerName;
		Instant runAt = ResqueDates.parse(text(node, "run_at")).orElse(null);
		return new WorkingOn(worker, queue, runAt, PayloadReader.fromTree(payload, record, queue), JobIds.ofRecord(record));
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
	}

	private static int indexOf(byte[] bytes, byte[] part, int from) {
		outer: for (int i = from; i <= bytes.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
