package dev.resque.core.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;

/**
 * Writes job payloads: the fields in each peer's order ({@code class, queue, args} for node-resque, {@code class,
 * args} on Ruby's queues, {@code class, args, queue} in resque-scheduler's delayed lists), the arguments in the
 * dialect's number form. Also turns Java arguments into the plain JSON values they are read back as, so that a job
 * enqueued equals the job a worker decodes.
 */
final class PayloadWriter {

	private final WireDialect dialect;

	private final ArgumentMapping mapping;

	private final JsonReader json;

	PayloadWriter(WireDialect dialect, ArgumentMapping mapping, JsonReader json) {
		this.dialect = dialect;
		this.mapping = mapping;
		this.json = json;
	}

	/** The job as it goes on a queue in this dialect. */
	String encodeQueued(Job job) {
		return queuedFields(job).append('}').toString();
	}

	/** The job as it goes in a {@code delayed:<ts>} list in this dialect. */
	String encodeDelayed(Job job) {
		return (this.dialect == WireDialect.RUBY) ? encodeSchedulerOrder(job) : encode(job);
	}

	/** node-resque's {@code {"class","queue","args"}}, whatever the dialect. */
	String encode(Job job) {
		return classQueueArgs(job).append('}').toString();
	}

	/** The queued form with the trace context in an extra {@code "trace"} field, which the peers ignore. */
	String encode(Job job, Map<String, String> trace) {
		return encodeQueued(job, trace, null);
	}

	/**
	 * The queued form with the trace context (if any) in an extra {@code "trace"} field and the job's id (if any)
	 * in a last {@code "id"} field, both ignored by the peers; the id comes last so that scripts find it by
	 * position ({@link JobIds}).
	 */
	String encodeQueued(Job job, @Nullable Map<String, String> trace, @Nullable String id) {
		StringBuilder out = queuedFields(job);
		if (trace != null && !trace.isEmpty()) {
			out.append(",\"trace\":{");
			boolean first = true;
			for (Map.Entry<String, String> header : trace.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				JsonStrings.append(out, header.getKey());
				out.append(':');
				JsonStrings.append(out, header.getValue());
			}
			out.append('}');
		}
		if (id != null) {
			out.append(",\"id\":\"").append(id).append('"');
		}
		return out.append('}').toString();
	}

	/** resque-scheduler's {@code {"class","args","queue"}}. */
	String encodeSchedulerOrder(Job job) {
		StringBuilder out = classArgs(job).append(",\"queue\":");
		JsonStrings.append(out, job.queue());
		return out.append('}').toString();
	}

	/** Ruby Resque's {@code {"class","args"}}. */
	String encodeRubyQueueOrder(Job job) {
		return classArgs(job).append('}').toString();
	}

	/**
	 * Java arguments as the plain JSON values a worker decodes them as.
	 * @throws JobEncodingException when an argument cannot be written as JSON
	 */
	List<Object> toJsonValues(String jobName, Object... args) {
		List<Object> values = new ArrayList<>(args.length);
		for (int i = 0; i < args.length; i++) {
			values.add(toPlainValue(jobName, i, args[i]));
		}
		return values;
	}

	/**
	 * Any value as {@code JSON.stringify} writes it, lone surrogates escaped rather than refused.
	 * @throws JobEncodingException when the value cannot be written as JSON
	 */
	String write(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		try {
			JsonWriter.appendValue(out, value, this.mapping::toPlainTree);
		}
		catch (UnwritableValueException ex) {
			throw new JobEncodingException("Cannot write " + JobEncodingException.typeOf(value) + " as JSON: "
					+ ex.describe("the value"), ex.getCause());
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw new JobEncodingException(
					"Cannot write " + JobEncodingException.typeOf(value) + " as JSON: " + ex.getMessage(), ex);
		}
		return out.toString();
	}

	/** The fields of a queued job in this dialect, the object left open for more. */
	private StringBuilder queuedFields(Job job) {
		return (this.dialect == WireDialect.RUBY) ? classArgs(job) : classQueueArgs(job);
	}

	/** A job's {@code "class"} and {@code "args"}, the object left open for more. */
	private StringBuilder classArgs(Job job) {
		return fields(job, false);
	}

	/** A job's {@code "class"}, {@code "queue"} and {@code "args"}, the object left open for more. */
	private StringBuilder classQueueArgs(Job job) {
		return fields(job, true);
	}

	private StringBuilder fields(Job job, boolean withQueue) {
		StringBuilder out = new StringBuilder(64);
		out.append("{\"class\":");
		JsonStrings.append(out, job.name());
		if (withQueue) {
			out.append(",\"queue\":");
			JsonStrings.append(out, job.queue());
		}
		out.append(",\"args\":");
		appendArgs(out, job);
		return out;
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
				JsonWriter.appendRubyArgument(out, arg, this.mapping::toPlainTree);
			}
			else {
				JsonWriter.appendArgument(out, arg, this.mapping::toPlainTree);
			}
		}
		catch (UnwritableValueException ex) {
			throw JobEncodingException.ofArgument(jobName, index, arg, ex);
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw JobEncodingException.ofArguments(jobName, ex);
		}
	}

	/**
	 * The value as a plain JSON type, as a worker reads it back: written as an argument (which refuses what has no
	 * JSON form) and read again, past the few types that are their own plain form.
	 */
	private @Nullable Object toPlainValue(String jobName, int index, @Nullable Object value) {
		if (value == null || value instanceof Integer || value instanceof Boolean) {
			return value;
		}
		if (value instanceof String text) {
			int lone = JsonStrings.loneSurrogateAt(text);
			if (lone >= 0) {
				throw JobEncodingException.ofArgument(jobName, index, value,
						JsonStrings.loneSurrogate("is a string with", text, lone));
			}
			return text;
		}
		if (value instanceof Long || value instanceof Short || value instanceof Byte) {
			long number = ((Number) value).longValue();
			return (number == (int) number) ? (Object) (int) number : (Object) number;
		}
		StringBuilder written = new StringBuilder();
		appendArgument(written, jobName, index, value);
		try (JsonParser parser = this.json.parser(written.toString())) {
			return JsonReader.readValue(parser, parser.nextToken());
		}
		catch (JacksonException ex) {
			throw JobEncodingException.ofArgument(jobName, index, value, ex.getOriginalMessage(), ex);
		}
	}

}
