package dev.resque.core.worker;

import dev.resque.core.job.ResqueException;

/** A job's arguments cannot be bound to any of its {@code perform} methods. */
public class JobArgumentsException extends ResqueException {

	public JobArgumentsException(String message, Throwable cause) {
		super(message, cause);
	}

}
