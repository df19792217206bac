package dev.resque.core.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import tools.jackson.databind.JsonNode;

import static dev.resque.core.codec.JsonReader.abbreviate;
import static dev.resque.core.codec.PayloadReader.text;

/**
 * The failed record: {@code worker, queue, payload, exception, error, backtrace, failed_at} in node-resque's order,
 * or {@code failed_at, payload, exception, error, backtrace, worker, queue} in Ruby Resque's; {@code failed_at} in
 * Ruby Resque's format ({@code 2026/11/28 23:34:19 UTC}), read back in every format the peers write
 * ({@link ResqueDates}). The payload is embedded byte for byte, as it was read, so that a retry re-enqueues the very
 * bytes that failed.
 */
final class FailureFormat {

	private static final String[] FIELDS = { "worker", "queue", "payload", "exception", "error", "backtrace",
			"failed_at" };

	/** node-resque's order of a failed record's fields. */
	private static final int[] NODE_ORDER = { 0, 1, 2, 3, 4, 5, 6 };

	/** Ruby Resque's: {@code failed_at, payload, exception, error, backtrace, worker, queue}. */
	private static final int[] RUBY_ORDER = { 6, 2, 3, 4, 5, 0, 1 };

	private final WireDialect dialect;

	private final JsonReader json;

	FailureFormat(WireDialect dialect, JsonReader json) {
		this.dialect = dialect;
		this.json = json;
	}

	/** A failed record for a payload held as text. */
	String encode(String worker, String queue, String payload, String exception, String error,
			List<String> backtrace, Instant failedAt) {
		StringBuilder trace = new StringBuilder("[");
		for (int i = 0; i < backtrace.size(); i++) {
			if (i > 0) {
				trace.append(',');
			}
			JsonStrings.append(trace, backtrace.get(i));
		}
		String[] values = { JsonStrings.quote(worker), JsonStrings.quote(queue), embeddable(payload),
				JsonStrings.quote(exception), JsonStrings.quote(error), trace.append(']').toString(),
				JsonStrings.quote(ResqueDates.formatFailedAt(failedAt)) };
		int[] order = (this.dialect == WireDialect.RUBY) ? RUBY_ORDER : NODE_ORDER;
		StringBuilder out = new StringBuilder(256 + payload.length()).append('{');
		for (int i = 0; i < order.length; i++) {
			out.append((i > 0) ? ",\"" : "\"").append(FIELDS[order[i]]).append("\":").append(values[order[i]]);
		}
		return out.append('}').toString();
	}

	/**
	 * A failed record for a payload held as bytes: {@code "payload":null} and the exact bytes in base64 under
	 * {@code "payload_base64"} when they are not UTF-8, which JSON cannot embed (the peers ignore the extra field).
	 */
	String encode(String worker, String queue, byte[] payload, String exception, String error,
			List<String> backtrace, Instant failedAt) {
		String text = Utf8.decode(payload);
		if (text != null) {
			return encode(worker, queue, text, exception, error, backtrace, failedAt);
		}
		String record = encode(worker, queue, "null", exception, error, backtrace, failedAt);
		return record.substring(0, record.length() - 1) + ",\"payload_base64\":\""
				+ Base64.getEncoder().encodeToString(payload) + "\"}";
	}

	/**
	 * A failed record written by any implementation; fields it lacks are empty.
	 * @throws InvalidPayloadException when the record is not a JSON object
	 */
	FailedJob decode(String record) {
		JsonNode node = this.json.exactTree(record);
		if (!node.isObject()) {
			throw new InvalidPayloadException("Failed record is not a JSON object: " + abbreviate(record));
		}
		String queue = text(node, "queue");
		Job payload = null;
		String jobId = null;
		String batchId = null;
		JsonNode payloadNode = node.get("payload");
		if (payloadNode != null && payloadNode.isObject() && payloadNode.hasNonNull("class")) {
			payload = PayloadReader.fromTree(payloadNode, record, queue);
			JsonNode id = payloadNode.get("id");
			jobId = (id != null && id.isString() && JobIds.isId(id.asString())) ? id.asString() : null;
			JsonNode batch = payloadNode.get("batch");
			batchId = (batch != null && batch.isString() && JobIds.isId(batch.asString())) ? batch.asString() : null;
		}
		List<String> backtrace = new ArrayList<>();
		JsonNode trace = node.get("backtrace");
		if (trace != null && trace.isArray()) {
			trace.forEach((line) -> backtrace.add(line.isString() ? line.asString() : line.toString()));
		}
		JsonNode failedAt = node.get("failed_at");
		Instant failedAtInstant = (failedAt == null || failedAt.isNull()) ? null
				: ResqueDates.parse(failedAt.isString() ? failedAt.asString() : failedAt.toString()).orElse(null);
		return new FailedJob(text(node, "worker"), queue, payload, text(node, "exception"), text(node, "error"),
				backtrace, failedAtInstant, record, jobId, batchId);
	}

	/**
	 * The payload to embed: itself when it is exactly one JSON value, else a JSON string holding it (an empty or
	 * blank payload, broken JSON, or JSON followed by more text would make the record itself unreadable).
	 */
	private String embeddable(String payload) {
		return this.json.isOneValue(payload) ? payload : JsonStrings.quote(payload);
	}

}
