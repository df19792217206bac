package dev.resque.core.codec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.ProcessRecord;
import dev.resque.core.queue.StoredSchedule;
import dev.resque.core.queue.WorkingOn;

/**
 * The one place that knows the JSON wire format: job payloads ({@code {"class","queue","args"}}, byte for byte as
 * node-resque writes them), failed records, working-on records and pings. Each is written and read by a class of
 * its own ({@code PayloadWriter}, {@code PayloadReader}, {@code FailureFormat}, {@code WorkingOnFormat},
 * {@code PingFormat}) on top of one JSON writer and reader; this class is their single entry point, and its API
 * speaks only of Java values and text, never of Jackson's types. It uses its own mapper, never the application's,
 * so that {@code spring.jackson.*} settings cannot change the bytes other processes match on.
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
 * number is lost between decoding and binding (see {@link ArgumentBinder}).
 */
public final class JobCodec {

	private final WireDialect dialect;

	private final ArgumentMapping arguments;

	private final PayloadWriter payloadWriter;

	private final PayloadReader payloadReader;

	private final FailureFormat failures;

	private final WorkingOnFormat workingOn;

	private final PingFormat pings;

	private final ProcessFormat processes;

	private final ScheduleFormat schedules;

	/** A codec writing node-resque's bytes. */
	public JobCodec() {
		this(WireDialect.NODE);
	}

	/** A codec writing the given peer's bytes (it reads every peer's). */
	public JobCodec(WireDialect dialect) {
		this.dialect = dialect;
		this.arguments = new ArgumentMapping();
		JsonReader json = new JsonReader(this.arguments.mapper());
		this.payloadWriter = new PayloadWriter(dialect, this.arguments, json);
		this.payloadReader = new PayloadReader(json);
		this.failures = new FailureFormat(dialect, json);
		this.workingOn = new WorkingOnFormat(json);
		this.pings = new PingFormat(json);
		this.processes = new ProcessFormat(json);
		this.schedules = new ScheduleFormat(json, this.payloadWriter);
	}

	/**
	 * Arguments given as a JSON array ({@code [1,"a"]}), read as a job's arguments are.
	 * @throws InvalidPayloadException when the text is not a JSON array
	 */
	public List<Object> decodeArguments(String json) {
		return this.payloadReader.arguments(json);
	}

	/** A dynamic schedule as resque-scheduler stores it in {@code persistent_schedules}. */
	public String encodeSchedule(StoredSchedule schedule) {
		return this.schedules.encode(schedule);
	}

	/**
	 * Reads a schedule of {@code persistent_schedules}, whoever wrote it.
	 * @throws InvalidPayloadException when it is not a schedule this library can fire
	 */
	public StoredSchedule decodeSchedule(String name, String json) {
		return this.schedules.decode(name, json);
	}

	/** The peer whose bytes this codec writes. */
	public WireDialect dialect() {
		return this.dialect;
	}

	/** The Jackson side of arguments, shared with the {@link ArgumentBinder} so that both map values alike. */
	ArgumentMapping arguments() {
		return this.arguments;
	}

	/**
	 * A job as it goes on a queue in this codec's dialect: node-resque's {@code {"class","queue","args"}}, or Ruby
	 * Resque's {@code {"class","args"}}.
	 */
	public String encodeQueued(Job job) {
		return this.payloadWriter.encodeQueued(job);
	}

	/**
	 * A job as it goes in a {@code delayed:<ts>} list in this codec's dialect: node-resque's
	 * {@code {"class","queue","args"}}, or resque-scheduler's {@code {"class","args","queue"}}.
	 */
	public String encodeDelayed(Job job) {
		return this.payloadWriter.encodeDelayed(job);
	}

	/** {@code {"class":..,"queue":..,"args":[..]}}: the form node-resque writes and matches on. */
	public String encode(Job job) {
		return this.payloadWriter.encode(job);
	}

	/**
	 * {@code {"class":..,"queue":..,"args":[..],"trace":{..}}}: a job carrying the trace context of its enqueue
	 * in an extra field, which Ruby Resque and node-resque ignore.
	 */
	public String encode(Job job, Map<String, String> trace) {
		return this.payloadWriter.encode(job, trace);
	}

	/**
	 * A job as it goes on a queue, with the trace context of its enqueue (may be null or empty) and its id (null
	 * for none) in extra fields that Ruby Resque and node-resque ignore; the id is the last field ({@link JobIds}).
	 */
	public String encodeQueued(Job job, @Nullable Map<String, String> trace, @Nullable String id) {
		return this.payloadWriter.encodeQueued(job, trace, id);
	}

	/** The trace context a payload carries, empty when it has none. */
	public Map<String, String> traceOf(String payload) {
		return this.payloadReader.traceOf(payload);
	}

	/** {@code {"class":..,"args":[..],"queue":..}}: the form resque-scheduler writes for delayed jobs. */
	public String encodeSchedulerOrder(Job job) {
		return this.payloadWriter.encodeSchedulerOrder(job);
	}

	/** {@code {"class":..,"args":[..]}}: the form Ruby Resque writes on queues. */
	public String encodeRubyQueueOrder(Job job) {
		return this.payloadWriter.encodeRubyQueueOrder(job);
	}

	/**
	 * Converts Java arguments into plain JSON values, so that what a job is enqueued with equals what it is read
	 * back as ({@link #decode}): {@code 2.0} becomes {@code 2}, a record its map, {@code BigDecimal("0.1")} the
	 * double 0.1 while {@code BigDecimal("42.50")} stays itself.
	 * @throws JobEncodingException when an argument cannot be written as JSON (see the class description), naming
	 * the argument by position and type
	 */
	public List<Object> toJsonValues(String jobName, Object... args) {
		return this.payloadWriter.toJsonValues(jobName, args);
	}

	/**
	 * Reads a job payload. A payload without {@code "queue"} (Ruby Resque) takes the given queue.
	 * @throws InvalidPayloadException when the payload is not a job
	 */
	public Job decode(String payload, @Nullable String defaultQueue) {
		return this.payloadReader.decode(payload, defaultQueue);
	}

	/**
	 * A failed record, fields in node-resque's order (Ruby Resque's in the Ruby dialect); {@code failed_at} in Ruby
	 * Resque's format. The payload is embedded as it was read, byte for byte.
	 */
	public String encodeFailure(String worker, String queue, String payload, String exception, String error,
			List<String> backtrace, Instant failedAt) {
		return this.failures.encode(worker, queue, payload, exception, error, backtrace, failedAt);
	}

	/**
	 * A failed record for a payload read from Redis as bytes. Bytes that are not UTF-8 cannot be embedded in JSON:
	 * the record then has {@code "payload":null} and the exact bytes in base64 under {@code "payload_base64"}
	 * (other implementations ignore the extra field).
	 */
	public String encodeFailure(String worker, String queue, byte[] payload, String exception, String error,
			List<String> backtrace, Instant failedAt) {
		return this.failures.encode(worker, queue, payload, exception, error, backtrace, failedAt);
	}

	/** Reads a failed record written by any implementation; fields it lacks are empty. */
	public FailedJob decodeFailure(String json) {
		return this.failures.decode(json);
	}

	/**
	 * A working-on record: {@code {"run_at":..,"queue":..,"worker":..,"payload":<payload>}}, the payload embedded
	 * byte for byte as taken from the queue.
	 */
	public String workingOn(Instant runAt, String queue, String worker, String payload) {
		return this.workingOn.encode(runAt, queue, worker, payload);
	}

	/** The working-on record up to the queue name; the take script completes it with the queue it took from. */
	public String workingOnStart(Instant runAt) {
		return this.workingOn.start(runAt);
	}

	/** The working-on record from after the queue name up to the payload. */
	public String workingOnMiddle(String worker) {
		return this.workingOn.middle(worker);
	}

	/**
	 * Reads a ping record; empty when it is not one (not JSON, no whole-second {@code time}, or a time outside
	 * {@link Instant}'s range), which the caller treats as unreadable rather than as a time.
	 */
	public Optional<PingRecord> decodePing(String text) {
		return this.pings.decode(text);
	}

	/** A process record, as the dashboard reads it. */
	public String encodeProcess(ProcessRecord process) {
		return this.processes.encode(process);
	}

	/** Reads a process record; empty when it is not one. */
	public Optional<ProcessRecord> decodeProcess(String text) {
		return this.processes.decode(text);
	}

	/** The ping record node-resque's scheduler reads: {@code {"time":<secs>,"name":..,"queues":..}}. */
	public String ping(Instant now, String worker, String queuesCsv) {
		return this.pings.encode(now, worker, queuesCsv);
	}

	/**
	 * Cuts a working-on record this library wrote ({@link #workingOn}) into queue, worker and the payload's exact
	 * bytes; {@code null} when the record has another form (another implementation's, or damaged). The field
	 * markers cannot occur inside the queue or worker strings, whose quotes are escaped.
	 */
	public @Nullable HeldRecord splitWorkingOn(byte[] record) {
		return this.workingOn.split(record);
	}

	/** Reads a working-on record written by any implementation. */
	public WorkingOn decodeWorkingOn(String json, String workerName) {
		return this.workingOn.decode(json, workerName);
	}

	/**
	 * Writes a value (a plain Java value or a Jackson tree) as {@code JSON.stringify} would, for lock keys and
	 * messages. A lone surrogate is escaped ({@code "\ud800"}) as {@code JSON.stringify} escapes it, since values
	 * read from another language's payload may hold one (it is refused only on enqueue); the rest of what
	 * {@link #encode} refuses is refused here too.
	 * @throws JobEncodingException when the value cannot be written as JSON
	 */
	public String write(@Nullable Object value) {
		return this.payloadWriter.write(value);
	}

	/** A JSON string literal for the given text, escaped as {@code JSON.stringify} does. */
	public static String quote(String text) {
		return JsonStrings.quote(text);
	}

}
