package dev.resque.core.job;

import org.jspecify.annotations.Nullable;

/**
 * A job that cannot run here as it is, whatever its own code would do: no job of its name is registered, or its
 * arguments do not bind to its {@code perform} method. Running it again cannot succeed, so {@code @Retry} never
 * retries it: it goes to the failed queue at once, with its reason, to be retried by hand once the cause is fixed.
 */
public abstract class UnrunnableJobException extends ResqueException {

	protected UnrunnableJobException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
