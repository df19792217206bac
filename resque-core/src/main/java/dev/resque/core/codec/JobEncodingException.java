package dev.resque.core.codec;

import org.jspecify.annotations.Nullable;

/**
 * Arguments of a job that cannot be written as JSON; nothing was sent to Redis. The message names the job, the
 * argument by position (from 1) and type, the place inside it and what is wrong, for instance
 * {@code argument 2 (java.util.ArrayList) at [1].price is NaN}. What is refused is listed on {@link JobCodec}:
 * non-data objects such as threads and streams, values that contain themselves, {@code NaN} and infinities,
 * strings with a lone surrogate, and nesting or numbers longer than a worker reads.
 */
public class JobEncodingException extends RuntimeException {

	public JobEncodingException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
