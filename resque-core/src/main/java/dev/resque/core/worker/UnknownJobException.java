package dev.resque.core.worker;

import dev.resque.core.job.ResqueException;

/** A payload names a job this application has not registered. */
public class UnknownJobException extends ResqueException {

	public UnknownJobException(String message) {
		super(message);
	}

}
