package dev.resque.core.codec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.WorkingOn;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * The one place that knows the JSON wire format: job payloads ({@code {"class","queue","args"}}, byte for byte
 * as node-resque writes them), failed records and working-on records. It uses its own mapper, never the
 * application's, so that {@code spring.jackson.*} settings cannot change the bytes other processes match on.
 */
public final class JobCodec {

	private final JsonMapper mapper;

	public JobCodec() {
		// Locale as Ruby and Java's toString write it (en_GB), not as a language tag; an object without
		// properties would silently become {}, so it fails instead
		SimpleModule wireTypes = new SimpleModule("resque-wire-types").addSerializer(Locale.class,
				ToStringSerializer.instance);
		this.mapper = JsonMapper.builder()
			.addModule(wireTypes)
			.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
	}

	/** The mapper that turns Java arguments into JSON trees and back; shared by the argument binder. */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/** {@code {"class":..,"queue":..,"args":[..]}}: the form node-resque writes and matches on. */
	public String encode(Job job) {
		return classQueueArgs(job).append('}').toString();
	}

	/**
	 * {@code {"class":..,"queue":..,"args":[..],"trace":{..}}}: a job carrying the trace context of its enqueue
	 * in an extra field, which Ruby Resque and node-resque ignore.
	 */
	public String encode(Job job, Map<String, String> trace) {
		if (trace.isEmpty()) {
			return encode(job);
		}
		StringBuilder out = classQueueArgs(job).append(",\"trace\":{");
		boolean first = true;
		for (Map.Entry<String, String> header : trace.entrySet()) {
			if (!first) {
				out.append(',');
			}
			first = false;
			JsonText.appendString(out, header.getKey());
			out.append(':');
			JsonText.appendString(out, header.getValue());
		}
		return out.append("}}").toString();
	}

	private StringBuilder classQueueArgs(Job job) {
		StringBuilder out = new StringBuilder(64);
		out.append("{\"class\":");
		JsonText.appendString(out, job.name());
		out.append(",\"queue\":");
		JsonText.appendString(out, job.queue());
		out.append(",\"args\":");
		appendArgs(out, job);
		return out;
	}

	/** The trace context a payload carries, empty when it has none. */
	public Map<String, String> traceOf(String payload) {
		if (!payload.contains("\"trace\":")) {
			return Map.of();
		}
		// every traced job comes here before it is decoded: read the one field, skip the rest unbuilt
		try (JsonParser parser = parser(payload)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Map.of();
			}
			String field;
			while ((field = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				if (field.equals("trace") && token == JsonToken.START_OBJECT) {
					Map<String, String> headers = new LinkedHashMap<>();
					String header;
					while ((header = parser.nextName()) != null) {
						if (parser.nextToken() == JsonToken.VALUE_STRING) {
							headers.put(header, parser.getString());
						}
						else {
							parser.skipChildren();
						}
					}
					return headers;
				}
				parser.skipChildren();
			}
			return Map.of();
		}
		catch (JacksonException ex) {
			return Map.of();
		}
	}

	/** {@code {"class":..,"args":[..],"queue":..}}: the form resque-scheduler writes for delayed jobs. */
	public String encodeSchedulerOrder(Job job) {
		StringBuilder out = new StringBuilder(64);
		out.append("{\"class\":");
		JsonText.appendString(out, job.name());
		out.append(",\"args\":");
		appendArgs(out, job);
		out.append(",\"queue\":");
		JsonText.appendString(out, job.queue());
		out.append('}');
		return out.toString();
	}

	/** {@code {"class":..,"args":[..]}}: the form Ruby Resque writes on queues. */
	public String encodeRubyQueueOrder(Job job) {
		StringBuilder out = new StringBuilder(64);
		out.append("{\"class\":");
		JsonText.appendString(out, job.name());
		out.append(",\"args\":");
		appendArgs(out, job);
		out.append('}');
		return out.toString();
	}

	/**
	 * Converts Java arguments into plain JSON values, so that what a job is enqueued with equals what it is read
	 * back as.
	 * @throws JobEncodingException when an argument cannot be written as JSON
	 */
	public List<Object> toJsonValues(String jobName, Object... args) {
		try {
			List<Object> values = new ArrayList<>(args.length);
			for (Object arg : args) {
				values.add(toPlainValue(arg));
			}
			return values;
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw cannotWrite(jobName, ex);
		}
	}

	/**
	 * Reads a job payload. A payload without {@code "queue"} (Ruby Resque) takes the given queue.
	 * @throws InvalidPayloadException when the payload is not a job
	 */
	public Job decode(String payload, @Nullable String defaultQueue) {
		// read token by token: a worker decodes every job it takes, and a tree would be built only to be dropped
		String name = null;
		String queue = null;
		List<Object> args = List.of();
		try (JsonParser parser = parser(payload)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				parser.skipChildren();
				requireEnd(parser);
				throw new InvalidPayloadException("Payload is not a JSON object: " + abbreviate(payload));
			}
			String field;
			while ((field = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				switch (field) {
					case "class" -> name = (token == JsonToken.VALUE_STRING) ? parser.getString() : skip(parser);
					case "queue" -> queue = (token == JsonToken.VALUE_STRING) ? parser.getString() : skip(parser);
					case "args" -> args = readArgs(parser, token);
					default -> parser.skipChildren();
				}
			}
			requireEnd(parser);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException("Payload is not valid JSON: " + abbreviate(payload) + " ("
					+ ex.getOriginalMessage() + ")", ex);
		}
		if (name == null || name.isEmpty()) {
			throw new InvalidPayloadException("Payload has no \"class\" naming the job: " + abbreviate(payload));
		}
		if (queue == null) {
			queue = defaultQueue;
			if (queue == null) {
				throw new InvalidPayloadException("Payload has no \"queue\": " + abbreviate(payload));
			}
		}
		return new Job(name, queue, args);
	}

	/** A bare parser: the mapper's would set up a deserialization context that plain tokens do not need. */
	private JsonParser parser(String json) {
		return this.mapper.tokenStreamFactory().createParser(ObjectReadContext.empty(), json);
	}

	private static @Nullable String skip(JsonParser parser) {
		parser.skipChildren();
		return null;
	}

	private static void requireEnd(JsonParser parser) {
		if (parser.nextToken() != null) {
			throw new StreamReadException(parser, "Unexpected content after the JSON value");
		}
	}

	/** Arguments as {@link #toJob} reads them from a tree: an array, nothing, cjson's {} for [], or one value. */
	private static List<Object> readArgs(JsonParser parser, JsonToken token) {
		if (token == JsonToken.START_ARRAY) {
			List<Object> values = new ArrayList<>();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				values.add(readValue(parser, parser.currentToken()));
			}
			return values;
		}
		if (token == JsonToken.VALUE_NULL) {
			return List.of();
		}
		Object value = readValue(parser, token);
		if (value instanceof Map<?, ?> map && map.isEmpty()) {
			return List.of();
		}
		return List.of(value);
	}

	private static @Nullable Object readValue(JsonParser parser, JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
				case INT -> parser.getIntValue();
				case LONG -> parser.getLongValue();
				default -> parser.getBigIntegerValue();
			};
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			case START_ARRAY -> {
				List<Object> list = new ArrayList<>();
				JsonToken next;
				while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
					list.add(readValue(parser, next));
				}
				yield list;
			}
			case START_OBJECT -> {
				Map<String, Object> map = new LinkedHashMap<>();
				String key;
				while ((key = parser.nextName()) != null) {
					map.put(key, readValue(parser, parser.nextToken()));
				}
				yield map;
			}
			default -> throw new StreamReadException(parser, "Unexpected token " + token);
		};
	}

	/** Parses JSON text into a tree with this codec's mapper. */
	public JsonNode parse(String json) {
		try {
			return this.mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException("Payload is not valid JSON: " + abbreviate(json) + " ("
					+ ex.getOriginalMessage() + ")", ex);
		}
	}

	/** The arguments of a job as a JSON array tree, for code that takes them as {@link JsonNode}. */
	public ArrayNode argsTree(Job job) {
		return toArgsTree(job.name(), job.args());
	}

	/**
	 * A failed record, fields in node-resque's order; {@code failed_at} in Ruby Resque's format. The payload is
	 * embedded as it was read, byte for byte.
	 */
	public String encodeFailure(String worker, String queue, String payload, String exception, String error,
			List<String> backtrace, Instant failedAt) {
		StringBuilder out = new StringBuilder(256 + payload.length());
		out.append("{\"worker\":");
		JsonText.appendString(out, worker);
		out.append(",\"queue\":");
		JsonText.appendString(out, queue);
		out.append(",\"payload\":");
		out.append(embeddablePayload(payload));
		out.append(",\"exception\":");
		JsonText.appendString(out, exception);
		out.append(",\"error\":");
		JsonText.appendString(out, error);
		out.append(",\"backtrace\":[");
		for (int i = 0; i < backtrace.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			JsonText.appendString(out, backtrace.get(i));
		}
		out.append("],\"failed_at\":");
		JsonText.appendString(out, ResqueDates.formatFailedAt(failedAt));
		out.append('}');
		return out.toString();
	}

	/**
	 * A failed record for a payload read from Redis as bytes. Bytes that are not UTF-8 cannot be embedded in JSON:
	 * the record then has {@code "payload":null} and the exact bytes in base64 under {@code "payload_base64"}
	 * (other implementations ignore the extra field).
	 */
	public String encodeFailure(String worker, String queue, byte[] payload, String exception, String error,
			List<String> backtrace, Instant failedAt) {
		String text = Utf8.decode(payload);
		if (text != null) {
			return encodeFailure(worker, queue, text, exception, error, backtrace, failedAt);
		}
		String record = encodeFailure(worker, queue, "null", exception, error, backtrace, failedAt);
		return record.substring(0, record.length() - 1) + ",\"payload_base64\":\""
				+ java.util.Base64.getEncoder().encodeToString(payload) + "\"}";
	}

	/** Reads a failed record written by any implementation; fields it lacks are empty. */
	public FailedJob decodeFailure(String json) {
		JsonNode node = parse(json);
		if (!node.isObject()) {
			throw new InvalidPayloadException("Failed record is not a JSON object: " + abbreviate(json));
		}
		String queue = text(node, "queue");
		Job payload = null;
		JsonNode payloadNode = node.get("payload");
		if (payloadNode != null && payloadNode.isObject() && payloadNode.hasNonNull("class")) {
			payload = toJob(payloadNode, json, queue);
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
				backtrace, failedAtInstant, json);
	}

	/**
	 * A working-on record: {@code {"run_at":..,"queue":..,"worker":..,"payload":<payload>}}, the payload embedded
	 * byte for byte as taken from the queue.
	 */
	public String workingOn(Instant runAt, String queue, String worker, String payload) {
		return workingOnStart(runAt) + quote(queue) + workingOnMiddle(worker) + payload + "}";
	}

	/** The working-on record up to the queue name; the take script completes it with the queue it took from. */
	public String workingOnStart(Instant runAt) {
		return "{\"run_at\":" + quote(ResqueDates.formatRunAt(runAt)) + ",\"queue\":";
	}

	/** The working-on record from after the queue name up to the payload. */
	public String workingOnMiddle(String worker) {
		return ",\"worker\":" + quote(worker) + ",\"payload\":";
	}

	/** The ping record node-resque's scheduler reads: {@code {"time":<secs>,"name":..,"queues":..}}. */
	public String ping(Instant now, String worker, String queuesCsv) {
		return "{\"time\":" + now.getEpochSecond() + ",\"name\":" + quote(worker) + ",\"queues\":" + quote(queuesCsv)
				+ "}";
	}

	/**
	 * Cuts a working-on record this library wrote ({@link #workingOn}) into queue, worker and the payload's exact
	 * bytes; {@code null} when the record has another form (another implementation's, or damaged). The field
	 * markers cannot occur inside the queue or worker strings, whose quotes are escaped.
	 */
	public @Nullable HeldRecord splitWorkingOn(byte[] record) {
		int queueAt = indexOf(record, QUEUE_FIELD, 0);
		int workerAt = (queueAt < 0) ? -1 : indexOf(record, WORKER_FIELD, queueAt);
		int payloadAt = (workerAt < 0) ? -1 : indexOf(record, PAYLOAD_FIELD, workerAt);
		if (payloadAt < 0 || !startsWith(record, RUN_AT_FIELD) || record[record.length - 1] != '}') {
			return null;
		}
		try {
			String queue = this.mapper.readValue(record, queueAt + QUEUE_FIELD.length,
					workerAt - queueAt - QUEUE_FIELD.length, String.class);
			String worker = this.mapper.readValue(record, workerAt + WORKER_FIELD.length,
					payloadAt - workerAt - WORKER_FIELD.length, String.class);
			byte[] payload = java.util.Arrays.copyOfRange(record, payloadAt + PAYLOAD_FIELD.length, record.length - 1);
			return (queue != null && worker != null) ? new HeldRecord(queue, worker, payload) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static final byte[] RUN_AT_FIELD = "{\"run_at\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static final byte[] QUEUE_FIELD = ",\"queue\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static final byte[] WORKER_FIELD = ",\"worker\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static final byte[] PAYLOAD_FIELD = ",\"payload\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static boolean startsWith(byte[] bytes, byte[] prefix) {
		return bytes.length >= prefix.length && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
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

	/** Reads a working-on record written by any implementation. */
	public WorkingOn decodeWorkingOn(String json, String workerName) {
		JsonNode node = parse(json);
		if (!node.isObject()) {
			throw new InvalidPayloadException("Working-on record is not a JSON object: " + abbreviate(json));
		}
		String queue = text(node, "queue");
		JsonNode payload = node.get("payload");
		if (payload == null || !payload.isObject()) {
			throw new InvalidPayloadException("Working-on record has no payload: " + abbreviate(json));
		}
		String worker = node.hasNonNull("worker") ? text(node, "worker") : workerName;
		Instant runAt = ResqueDates.parse(text(node, "run_at")).orElse(null);
		return new WorkingOn(worker, queue, runAt, toJob(payload, json, queue));
	}

	/**
	 * Writes a value (a plain Java value or a {@link JsonNode}) as {@code JSON.stringify} would.
	 * @throws JobEncodingException when the value cannot be written as JSON
	 */
	public String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		try {
			JsonText.appendValue(out, value, this::toPlainTree);
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw new JobEncodingException("Cannot write " + value + " as JSON: " + ex.getMessage(), ex);
		}
		return out.toString();
	}

	/** A JSON string literal for the given text, escaped as {@code JSON.stringify} does. */
	public static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2);
		JsonText.appendString(out, text);
		return out.toString();
	}

	private void appendArgs(StringBuilder out, Job job) {
		try {
			JsonText.appendValue(out, job.args(), this::toPlainTree);
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw cannotWrite(job.name(), ex);
		}
	}

	/** A value that is not one of the plain JSON types, as Jackson writes it; fails when it has no plain form. */
	private JsonNode toPlainTree(Object value) {
		JsonNode tree = this.mapper.valueToTree(value);
		checkPlain(tree);
		return tree;
	}

	/** The value as a plain JSON type, as it would be read back after a round trip through the wire format. */
	private @Nullable Object toPlainValue(@Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Integer || value instanceof Boolean
				|| value instanceof Double) {
			return value;
		}
		if (value instanceof Long || value instanceof Short || value instanceof Byte) {
			long number = ((Number) value).longValue();
			return (number == (int) number) ? (Object) (int) number : (Object) number;
		}
		if (value instanceof List<?> list) {
			List<Object> values = new ArrayList<>(list.size());
			for (Object element : list) {
				values.add(toPlainValue(element));
			}
			return values;
		}
		if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
			Map<String, Object> values = new LinkedHashMap<>(map.size() * 2);
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				values.put((String) entry.getKey(), toPlainValue(entry.getValue()));
			}
			return values;
		}
		return toJava(toPlainTree(value));
	}

	private static JobEncodingException cannotWrite(String jobName, Exception ex) {
		return new JobEncodingException("Cannot write the arguments of job \"" + jobName + "\" as JSON: "
				+ ex.getMessage() + "; use JSON-friendly types (strings, numbers, booleans, lists, maps, records)", ex);
	}

	private ArrayNode toArgsTree(String jobName, List<?> args) {
		try {
			JsonNode tree = this.mapper.valueToTree(args);
			if (!(tree instanceof ArrayNode array)) {
				throw new IllegalStateException("arguments did not become a JSON array");
			}
			checkPlain(array);
			return array;
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw cannotWrite(jobName, ex);
		}
	}

	private static void checkPlain(JsonNode node) {
		switch (node.getNodeType()) {
			case BINARY, POJO -> throw new IllegalArgumentException(
					"a value of type " + node.getNodeType() + " has no plain JSON form");
			case ARRAY, OBJECT -> node.forEach(JobCodec::checkPlain);
			default -> {
			}
		}
	}

	private Job toJob(JsonNode node, String source, @Nullable String defaultQueue) {
		if (!node.isObject()) {
			throw new InvalidPayloadException("Payload is not a JSON object: " + abbreviate(source));
		}
		JsonNode name = node.get("class");
		if (name == null || !name.isString() || name.asString().isEmpty()) {
			throw new InvalidPayloadException("Payload has no \"class\" naming the job: " + abbreviate(source));
		}
		JsonNode queueNode = node.get("queue");
		String queue = (queueNode != null && queueNode.isString()) ? queueNode.asString() : defaultQueue;
		if (queue == null) {
			throw new InvalidPayloadException("Payload has no \"queue\": " + abbreviate(source));
		}
		JsonNode args = node.get("args");
		List<Object> values;
		if (args == null || args.isNull() || (args.isObject() && args.isEmpty())) {
			// cjson (node-resque's Lua) writes an empty array as {}
			values = List.of();
		}
		else if (args.isArray()) {
			values = argsToJava(args);
		}
		else {
			values = List.of(toJava(args));
		}
		return new Job(name.asString(), queue, values);
	}

	private List<Object> argsToJava(JsonNode array) {
		List<Object> values = new ArrayList<>(array.size());
		array.forEach((element) -> values.add(toJava(element)));
		return values;
	}

	private static @Nullable Object toJava(JsonNode node) {
		return switch (node.getNodeType()) {
			case NULL, MISSING -> null;
			case BOOLEAN -> node.booleanValue();
			case STRING -> node.asString();
			case NUMBER -> number(node);
			case ARRAY -> {
				List<Object> list = new ArrayList<>(node.size());
				node.forEach((element) -> list.add(toJava(element)));
				yield list;
			}
			case OBJECT -> {
				Map<String, Object> map = new LinkedHashMap<>();
				for (Map.Entry<String, JsonNode> field : node.properties()) {
					map.put(field.getKey(), toJava(field.getValue()));
				}
				yield map;
			}
			case BINARY, POJO -> node.toString();
		};
	}

	private static Object number(JsonNode node) {
		if (node.isIntegralNumber()) {
			if (node.canConvertToInt()) {
				return node.intValue();
			}
			if (node.canConvertToLong()) {
				return node.longValue();
			}
			return node.bigIntegerValue();
		}
		if (node.isFloat()) {
			// a float means its shortest decimal (0.1f is 0.1), as JavaScript and Ruby would read it
			return Double.parseDouble(tools.jackson.core.io.schubfach.FloatToDecimal.toString(node.floatValue()));
		}
		return node.doubleValue();
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return "";
		}
		return value.isString() ? value.asString() : value.toString();
	}

	/**
	 * The payload to embed in a failed record: itself when it is exactly one JSON value, else a JSON string
	 * holding it (an empty or blank payload, broken JSON, or JSON followed by more text would make the record
	 * itself unreadable). Checked token by token, so a huge payload is not built into a tree.
	 */
	private String embeddablePayload(String payload) {
		try (JsonParser parser = parser(payload)) {
			if (parser.nextToken() == null) {
				return quote(payload);
			}
			parser.skipChildren();
			requireEnd(parser);
			return payload;
		}
		catch (JacksonException ex) {
			return quote(payload);
		}
	}

	static String abbreviate(String text) {
		return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
	}

}
