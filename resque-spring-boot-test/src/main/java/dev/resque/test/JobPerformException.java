package dev.resque.test;

import dev.resque.core.job.ResqueException;

/** A job performed by a test mode threw a checked exception; it is the cause. */
public class JobPerformException extends ResqueException {

	public JobPerformException(String message, Throwable cause) {
		super(message, cause);
	}

}
