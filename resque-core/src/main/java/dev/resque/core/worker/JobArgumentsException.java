package dev.resque.core.worker;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.UnrunnableJobException;

/** A job's arguments cannot be bound to its {@code perform} method; {@code @Retry} never retries it. */
public class JobArgumentsException extends UnrunnableJobException {

	public JobArgumentsException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
