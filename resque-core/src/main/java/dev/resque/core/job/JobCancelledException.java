package dev.resque.core.job;

import org.jspecify.annotations.Nullable;

/**
 * A job was cancelled while it ran ({@code ResqueAdmin.cancel}): its thread was interrupted, and however it ended it
 * is recorded as cancelled, not failed; {@code @Retry} never runs it again. The cause is what the job threw once
 * interrupted, if it threw.
 */
public class JobCancelledException extends ResqueException {

	public JobCancelledException(String jobName, @Nullable Throwable cause) {
		super("Job " + jobName + " was cancelled while it ran", cause);
	}

}
