package dev.resque.core.codec;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.ResqueException;

/**
 * Arguments of a job that cannot be written as JSON; nothing was sent to Redis. The message names the job, the
 * argument by position (from 1) and type, the place inside it and what is wrong, for instance
 * {@code argument 2 (java.util.ArrayList) at [1].price is NaN}. What is refused is listed on {@link JobCodec}:
 * non-data objects such as threads and streams, values that contain themselves, {@code NaN} and infinities,
 * strings with a lone surrogate, and nesting or numbers longer than a worker reads.
 */
public class JobEncodingException extends ResqueException {

	public JobEncodingException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/** One argument has no faithful JSON form; the refusal says what is wrong and where inside it. */
	static JobEncodingException ofArgument(String jobName, int index, @Nullable Object arg,
			UnwritableValueException refusal) {
		return new JobEncodingException(prefix(jobName) + refusal.describe(argument(index, arg)), refusal.getCause());
	}

	/** One argument was written but would not be read back (a string longer than Jackson reads, for one). */
	static JobEncodingException ofArgument(String jobName, int index, @Nullable Object arg, String why,
			Throwable cause) {
		return new JobEncodingException(prefix(jobName) + argument(index, arg) + " would not be read back: " + why,
				cause);
	}

	/** Jackson could not write the arguments, for a reason of its own. */
	static JobEncodingException ofArguments(String jobName, Exception cause) {
		return new JobEncodingException(prefix(jobName) + cause.getMessage()
				+ "; use JSON-friendly types (strings, numbers, booleans, lists, maps, records)", cause);
	}

	static String typeOf(@Nullable Object value) {
		return (value != null) ? value.getClass().getName() : "null";
	}

	private static String prefix(String jobName) {
		return "Cannot write the arguments of job \"" + jobName + "\" as JSON: ";
	}

	/** "argument 2 (java.util.ArrayList)": by position from 1, as the binder's messages count. */
	private static String argument(int index, @Nullable Object arg) {
		return "argument " + (index + 1) + " (" + typeOf(arg) + ")";
	}

}
