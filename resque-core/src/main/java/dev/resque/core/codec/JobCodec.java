package dev.resque.core.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.JsonText.UnwritableValueException;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.WorkingOn;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * The one place that knows the JSON wire format: job payloads ({@code {"class","queue","args"}}, byte for byte
 * as node-resque writes them), failed records and working-on records. It uses its own mapper, never the
 * application's, so that {@code spring.jackson.*} settings cannot change the bytes other processes match on.
 * <p>
 * <b>What an argument may be.</b> Data: strings, numbers, booleans, {@code null}, lists, sets, arrays, maps,
 * records and beans with properties, enums, {@code java.time} types, {@code Locale}, {@code UUID},
 * {@code BigDecimal}, {@code BigInteger}, {@code Optional} (its value, or {@code null}), and {@code File} and
 * {@code Path} (written as their path, so only meaningful to a worker that sees the same file system). Refused
 * with a {@link JobEncodingException} naming the argument, its type and the place inside it, before anything is
 * sent:
 * <ul>
 * <li>what stands for something running, open or loaded in this JVM rather than for data, wherever it occurs in
 * an argument: {@code Thread}, {@code ThreadGroup}, {@code Process}, {@code Future}s, {@code Executor}s,
 * {@code Lock}s, {@code Class}, {@code ClassLoader}, {@code Module}, {@code Package}, reflective objects
 * ({@code Method}, {@code Field}, {@code Constructor}, {@code Parameter}, {@code MethodHandle}), anything
 * {@code AutoCloseable} (streams, readers, writers, channels, sockets, connections), iterators and lambdas.
 * Jackson would write a few of their getters, which no worker could turn back into the thing;</li>
 * <li>a list, map or array that contains itself;</li>
 * <li>{@code NaN} and infinite {@code double}s and {@code float}s, which {@code JSON.stringify} would silently
 * write as {@code null};</li>
 * <li>a string with a lone UTF-16 surrogate, which UTF-8 cannot carry;</li>
 * <li>nesting, or a number, longer than a worker reads back (Jackson's read limits: 498 levels inside an
 * argument, numbers of 1000 characters).</li>
 * </ul>
 * <b>Numbers.</b> A {@code double} is written as {@code JSON.stringify} writes it; {@code -0.0} becomes
 * {@code 0}, as there. A {@code BigDecimal} is written with all its digits and its scale ({@code 42.50},
 * {@code 12345678901234567.89}, {@code 1e+3} for 1E+3), so that it is read back equal to itself. A number read
 * with a fraction or an exponent is a {@code Double} when it has exactly the digits and scale of that double's
 * {@code JSON.stringify} text (as node-resque and this codec write doubles), else a {@code BigDecimal} holding
 * exactly the digits and scale of the text (Ruby's {@code 1.0}, an exact decimal): nothing a payload says about a
 * number is lost between decoding and binding (see {@link #convert}).
 */
public final class JobCodec {

	private static final String[] FAILURE_FIELDS = { "worker", "queue", "payload", "exception", "error", "backtrace",
			"failed_at" };

	/** node-resque's order of a failed record's fields. */
	private static final int[] NODE_FAILURE_ORDER = { 0, 1, 2, 3, 4, 5, 6 };

	/** Ruby Resque's: {@code failed_at, payload, exception, error, backtrace, worker, queue}. */
	private static final int[] RUBY_FAILURE_ORDER = { 6, 2, 3, 4, 5, 0, 1 };

	/** Field markers of the working-on records this library writes, to cut them without decoding the payload. */
	private static final byte[] RUN_AT_FIELD = "{\"run_at\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] QUEUE_FIELD = ",\"queue\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WORKER_FIELD = ",\"worker\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PAYLOAD_FIELD = ",\"payload\":".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Types that stand for something running, open or loaded in this JVM, or for code, rather than for data; each
	 * covers its subtypes.
	 */
	private static final List<Class<?>> NOT_DATA = List.of(Thread.class, ThreadGroup.class, Process.class,
			ProcessHandle.class, Runtime.class, java.util.concurrent.Future.class, java.util.concurrent.Executor.class,
			java.util.concurrent.locks.Lock.class, Class.class, ClassLoader.class, Module.class, Package.class,
			java.lang.reflect.Member.class, java.lang.reflect.Parameter.class, java.lang.invoke.MethodHandle.class,
			AutoCloseable.class, java.util.Iterator.class, java.util.Spliterator.class, java.util.Enumeration.class);

	private final JsonMapper mapper;

	private final WireDialect dialect;

	/** Trees with every number as written: a fraction is kept as a BigDecimal, as {@link #decode} keeps it. */
	private final ObjectReader exactTrees;

	/** A codec writing node-resque's bytes. */
	public JobCodec() {
		this(WireDialect.NODE);
	}

	/** A codec writing the given peer's bytes (it reads every peer's). */
	public JobCodec(WireDialect dialect) {
		this.dialect = dialect;
		// Locale as Ruby and Java's toString write it (en_GB), not as a language tag; an object without
		// properties would silently become {}, so it fails instead
		SimpleModule wireTypes = new SimpleModule("resque-wire-types").addSerializer(Locale.class,
				ToStringSerializer.instance);
		for (Class<?> type : NOT_DATA) {
			wireTypes.addSerializer(type, new NotDataSerializer());
		}
		this.mapper = JsonMapper.builder()
			.addModule(wireTypes)
			.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
		this.exactTrees = this.mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
	}

	/** The mapper that turns Java arguments into JSON trees and back; shared by the argument binder. */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/** The peer whose bytes this codec writes. */
	public WireDialect dialect() {
		return this.dialect;
	}

	/**
	 * A job as it goes on a queue in this codec's dialect: node-resque's {@code {"class","queue","args"}}, or Ruby
	 * Resque's {@code {"class","args"}}.
	 */
	public String encodeQueued(Job job) {
		return queuedFields(job).append('}').toString();
	}

	/**
	 * A job as it goes in a {@code delayed:<ts>} list in this codec's dialect: node-resque's
	 * {@code {"class","queue","args"}}, or resque-scheduler's {@code {"class","args","queue"}}.
	 */
	public String encodeDelayed(Job job) {
		return (this.dialect == WireDialect.RUBY) ? encodeSchedulerOrder(job) : encode(job);
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
			return encodeQueued(job);
		}
		StringBuilder out = queuedFields(job).append(",\"trace\":{");
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

	/** The fields of a queued job in this codec's dialect, the object left open for more. */
	private StringBuilder queuedFields(Job job) {
		return (this.dialect == WireDialect.RUBY) ? classArgs(job) : classQueueArgs(job);
	}

	/** A job's {@code "class"} and {@code "args"}, the object left open for more. */
	private StringBuilder classArgs(Job job) {
		StringBuilder out = new StringBuilder(64);
		out.append("{\"class\":");
		JsonText.appendString(out, job.name());
		out.append(",\"args\":");
		appendArgs(out, job);
		return out;
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
		StringBuilder out = classArgs(job).append(",\"queue\":");
		JsonText.appendString(out, job.queue());
		out.append('}');
		return out.toString();
	}

	/** {@code {"class":..,"args":[..]}}: the form Ruby Resque writes on queues. */
	public String encodeRubyQueueOrder(Job job) {
		return classArgs(job).append('}').toString();
	}

	/**
	 * Converts Java arguments into plain JSON values, so that what a job is enqueued with equals what it is read
	 * back as ({@link #decode}): {@code 2.0} becomes {@code 2}, a record its map, {@code BigDecimal("0.1")} the
	 * double 0.1 while {@code BigDecimal("42.50")} stays itself.
	 * @throws JobEncodingException when an argument cannot be written as JSON (see the class description), naming
	 * the argument by position and type
	 */
	public List<Object> toJsonValues(String jobName, Object... args) {
		List<Object> values = new ArrayList<>(args.length);
		for (int i = 0; i < args.length; i++) {
			values.add(toPlainValue(jobName, i, args[i]));
		}
		return values;
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
			case VALUE_NUMBER_FLOAT -> fraction(parser);
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

	/**
	 * A number with a fraction or an exponent: the double, when the text is what {@code JSON.stringify} writes for
	 * it (as node-resque and this codec write doubles), else as {@link #decimalOrDouble}. Text laid out as JavaScript
	 * lays out numbers, with at most 15 significant digits, is the double's own text without formatting the
	 * double: two decimals of 15 digits never read as the same normal double, so those digits are its shortest.
	 */
	private static Object fraction(JsonParser parser) {
		double value = parser.getDoubleValue();
		char[] text = parser.getTextCharacters();
		if (Double.isFinite(value) && text != null) {
			int digits = JsonText.javascriptLayoutDigits(text, parser.getTextOffset(), parser.getTextLength());
			if (digits > 0 && ((digits <= 15 && Math.abs(value) >= Double.MIN_NORMAL)
					|| JsonText.numberText(value).equals(parser.getString()))) {
				return value;
			}
		}
		return decimalOrDouble(parser.getDecimalValue());
	}

	/**
	 * The double when the decimal has exactly the digits and scale of the double's {@code JSON.stringify} text
	 * (1E-7 read from {@code 1e-07}), so that binding it to a {@code BigDecimal} gives the decimal back; else the
	 * decimal itself ({@code 42.50}, {@code 1.0}, {@code 12345678901234567.89}).
	 */
	private static Object decimalOrDouble(BigDecimal decimal) {
		double value = decimal.doubleValue();
		if (Double.isFinite(value) && JsonText.numberText(value).equals(JsonText.decimalText(decimal))) {
			return value;
		}
		return decimal;
	}

	private static boolean isFraction(@Nullable Object value) {
		return value instanceof Double || value instanceof BigDecimal || value instanceof Float;
	}

	/** Parses JSON text into a tree with this codec's mapper, fractions as exact {@code BigDecimal}s. */
	public JsonNode parse(String json) {
		try {
			return this.exactTrees.readTree(json);
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
	 * A failed record, fields in node-resque's order (Ruby Resque's in the Ruby dialect); {@code failed_at} in Ruby
	 * Resque's format. The payload is embedded as it was read, byte for byte.
	 */
	public String encodeFailure(String worker, String queue, String payload, String exception, String error,
			List<String> backtrace, Instant failedAt) {
		StringBuilder trace = new StringBuilder("[");
		for (int i = 0; i < backtrace.size(); i++) {
			if (i > 0) {
				trace.append(',');
			}
			JsonText.appendString(trace, backtrace.get(i));
		}
		String[] values = { quote(worker), quote(queue), embeddablePayload(payload), quote(exception), quote(error),
				trace.append(']').toString(), quote(ResqueDates.formatFailedAt(failedAt)) };
		int[] order = (this.dialect == WireDialect.RUBY) ? RUBY_FAILURE_ORDER : NODE_FAILURE_ORDER;
		StringBuilder out = new StringBuilder(256 + payload.length()).append('{');
		for (int i = 0; i < order.length; i++) {
			out.append((i > 0) ? ",\"" : "\"").append(FAILURE_FIELDS[order[i]]).append("\":").append(values[order[i]]);
		}
		return out.append('}').toString();
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
				+ Base64.getEncoder().encodeToString(payload) + "\"}";
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

	/**
	 * Reads a ping record; empty when it is not one (not JSON, no whole-second {@code time}, or a time outside
	 * {@link Instant}'s range), which the caller treats as unreadable rather than as a time.
	 */
	public Optional<PingRecord> decodePing(String text) {
		try {
			JsonNode node = this.mapper.readTree(text);
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
			byte[] payload = Arrays.copyOfRange(record, payloadAt + PAYLOAD_FIELD.length, record.length - 1);
			return (queue != null && worker != null) ? new HeldRecord(queue, worker, payload) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
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
	 * Writes a value (a plain Java value or a {@link JsonNode}) as {@code JSON.stringify} would, for lock keys and
	 * messages. A lone surrogate is escaped ({@code "\ud800"}) as {@code JSON.stringify} escapes it, since values
	 * read from another language's payload may hold one (it is refused only on enqueue); the rest of what
	 * {@link #encode} refuses is refused here too.
	 * @throws JobEncodingException when the value cannot be written as JSON
	 */
	public String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		try {
			JsonText.appendValue(out, value, this::toPlainTree);
		}
		catch (UnwritableValueException ex) {
			throw new JobEncodingException("Cannot write " + typeOf(value) + " as JSON: " + ex.describe("the value"),
					ex.getCause());
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw new JobEncodingException("Cannot write " + typeOf(value) + " as JSON: " + ex.getMessage(), ex);
		}
		return out.toString();
	}

	/**
	 * Converts an argument read from a payload to a parameter's type as Jackson, with its default settings, reads
	 * the argument's JSON text; so a number arrives as the payload wrote it. A {@code BigDecimal} (also as a record
	 * component, a list element...) gets exactly the digits and scale of the text: {@code 42.50} has scale 2,
	 * {@code 12345678901234567.89} and {@code 0.1} are not rounded, {@code 1e+21} is 1E+21. A {@code double} or
	 * {@code float} gets the nearest one, bit for bit the double that was enqueued. Where the type does not say
	 * ({@code Object}, {@code Number}, the values of a {@code Map<String, Object>}) a fraction is a {@code Double},
	 * as Jackson reads untyped JSON.
	 * @throws JacksonException when the value does not fit the type
	 */
	public @Nullable Object convert(@Nullable Object value, JavaType type) {
		if (!JsonValues.anyScalar(value, JobCodec::isFraction)) {
			// no digits to lose: converting through Jackson's token buffer is cheaper than through text; null as a
			// JSON null, so that an Optional parameter gets Optional.empty()
			return this.mapper.convertValue((value != null) ? value : NullNode.getInstance(), type);
		}
		// a token buffer would hand a BigDecimal parameter Double 0.1 as 0.1000000000000000055..., or 1e21 as 1.0E+21
		StringBuilder text = new StringBuilder();
		JsonText.appendValue(text, value, this::toPlainTree);
		return this.mapper.readValue(text.toString(), type);
	}

	/** A JSON string literal for the given text, escaped as {@code JSON.stringify} does. */
	public static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2);
		JsonText.appendString(out, text);
		return out.toString();
	}

	private void appendArgs(StringBuilder out, Job job) {
		List<Object> args = job.args();
		out.append('[');
		for (int i = 0, size = args.size(); i < size; i++) {
			if (i > 0) {
				out.append(',');
			}
			appendArgument(out, job.name(), i, args.get(i));
		}
		out.append(']');
	}

	private void appendArgument(StringBuilder out, String jobName, int index, @Nullable Object arg) {
		try {
			if (this.dialect == WireDialect.RUBY) {
				JsonText.appendRubyArgument(out, arg, this::toPlainTree);
			}
			else {
				JsonText.appendArgument(out, arg, this::toPlainTree);
			}
		}
		catch (UnwritableValueException ex) {
			throw cannotWrite(jobName, index, arg, ex);
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw cannotWrite(jobName, ex);
		}
	}

	/**
	 * A value that is not one of the plain JSON types, as Jackson writes it; what Jackson cannot write, or writes
	 * only as a dump of some getters, is refused saying what and where.
	 */
	private JsonNode toPlainTree(Object value) {
		Class<?> type = value.getClass();
		if (type.isHidden() || type.isSynthetic()) {
			throw new UnwritableValueException("is a lambda or another generated class, which is not data", false);
		}
		try {
			return this.mapper.valueToTree(value);
		}
		catch (NotDataException ex) {
			throw withPath(new UnwritableValueException(ex.getOriginalMessage(), false), ex, Integer.MAX_VALUE);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof StackOverflowError) {
				// Jackson reports a bean holding itself, through any chain, as infinite recursion
				throw withPath(new UnwritableValueException("contains itself, which JSON cannot write", true), ex, 6);
			}
			throw withPath(new UnwritableValueException("cannot be written: " + ex.getOriginalMessage()
					+ "; use JSON-friendly types (strings, numbers, booleans, lists, maps, records)", false, ex), ex,
					Integer.MAX_VALUE);
		}
		catch (StackOverflowError ex) {
			// what Jackson does not catch itself: a map with non-string keys, or a primitive array, holding itself
			throw new UnwritableValueException("contains itself, or nests deeper than Jackson can write", false);
		}
	}

	/** Jackson's reference chain (outermost first) as the place inside the value, cut after {@code limit} steps. */
	private static UnwritableValueException withPath(UnwritableValueException refusal, JacksonException ex,
			int limit) {
		List<JacksonException.Reference> chain = ex.getPath();
		int steps = Math.min(chain.size(), limit);
		for (int i = steps - 1; i >= 0; i--) {
			JacksonException.Reference step = chain.get(i);
			if (step.getPropertyName() != null) {
				refusal.at(step.getPropertyName());
			}
			else if (step.getIndex() >= 0) {
				refusal.at(step.getIndex());
			}
		}
		return refusal;
	}

	/**
	 * The value as a plain JSON type, as {@link #decode} reads it back: written as an argument (which refuses what
	 * has no JSON form) and read again, past the few types that are their own plain form.
	 */
	private @Nullable Object toPlainValue(String jobName, int index, @Nullable Object value) {
		if (value == null || value instanceof Integer || value instanceof Boolean) {
			return value;
		}
		if (value instanceof String text) {
			int lone = JsonText.loneSurrogateAt(text);
			if (lone >= 0) {
				throw cannotWrite(jobName, index, value, JsonText.loneSurrogate("is a string with", text, lone));
			}
			return text;
		}
		if (value instanceof Long || value instanceof Short || value instanceof Byte) {
			long number = ((Number) value).longValue();
			return (number == (int) number) ? (Object) (int) number : (Object) number;
		}
		StringBuilder json = new StringBuilder();
		appendArgument(json, jobName, index, value);
		try (JsonParser parser = parser(json.toString())) {
			return readValue(parser, parser.nextToken());
		}
		catch (JacksonException ex) {
			// a string longer than Jackson reads, for one
			throw new JobEncodingException("Cannot write the arguments of job \"" + jobName + "\" as JSON: "
					+ argument(index, value) + " would not be read back: " + ex.getOriginalMessage(), ex);
		}
	}

	private static JobEncodingException cannotWrite(String jobName, int index, @Nullable Object arg,
			UnwritableValueException ex) {
		return new JobEncodingException("Cannot write the arguments of job \"" + jobName + "\" as JSON: "
				+ ex.describe(argument(index, arg)), ex.getCause());
	}

	private static JobEncodingException cannotWrite(String jobName, Exception ex) {
		return new JobEncodingException("Cannot write the arguments of job \"" + jobName + "\" as JSON: "
				+ ex.getMessage() + "; use JSON-friendly types (strings, numbers, booleans, lists, maps, records)", ex);
	}

	/** "argument 2 (java.util.ArrayList)": by position from 1, as the binder's messages count. */
	private static String argument(int index, @Nullable Object arg) {
		return "argument " + (index + 1) + " (" + typeOf(arg) + ")";
	}

	private static String typeOf(@Nullable Object value) {
		return (value != null) ? value.getClass().getName() : "null";
	}

	/**
	 * Refuses a value of a {@link #NOT_DATA} type wherever Jackson meets it (a record's component, a map's value),
	 * instead of writing some of its getters.
	 */
	private static final class NotDataSerializer extends StdSerializer<Object> {

		NotDataSerializer() {
			super(Object.class);
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			throw new NotDataException(generator, "is a " + value.getClass().getName()
					+ ", which is not data: it means nothing to a worker in another process; pass what the job needs"
					+ " to find or rebuild it (a name, an id, a path) instead");
		}

	}

	private static final class NotDataException extends DatabindException {

		NotDataException(JsonGenerator generator, String message) {
			super(generator, message);
		}

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
		if (node.isBigDecimal()) {
			// as parse() reads every fraction: the same value decode() would give for the same text
			return decimalOrDouble(node.decimalValue());
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
