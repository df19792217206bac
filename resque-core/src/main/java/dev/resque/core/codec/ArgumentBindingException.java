package dev.resque.core.codec;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.ResqueException;

/**
 * An argument of a job does not fit the parameter of the {@code perform} method it was bound to. The message names
 * the job, the argument by position (from 1) and its JSON, the parameter and its type, and what did not fit, for
 * instance {@code Job add: argument 1 ("one") cannot be bound to parameter a of type int: ...}.
 */
public class ArgumentBindingException extends ResqueException {

	public ArgumentBindingException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
