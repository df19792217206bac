package dev.resque.core.job;

import org.jspecify.annotations.Nullable;

/**
 * The root of Spring Resque's own exceptions: a payload that is not a job, arguments that cannot be written or
 * bound, a job nobody registered. Redis being unreachable is the one exception outside it:
 * {@code ResqueConnectionException} is a Spring {@code DataAccessResourceFailureException}, so that code handling
 * Spring's data-access errors handles it too.
 */
public class ResqueException extends RuntimeException {

	public ResqueException(String message) {
		super(message);
	}

	public ResqueException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/** For exceptions that only name a failure (a dead worker's job) and carry no message. */
	protected ResqueException() {
		super();
	}

}
