package dev.resque.core.worker;

import dev.resque.core.job.UnrunnableJobException;

/** A payload names a job this application has not registered; {@code @Retry} never retries it. */
public class UnknownJobException extends UnrunnableJobException {

	public UnknownJobException(String message) {
		super(message, null);
	}

}
