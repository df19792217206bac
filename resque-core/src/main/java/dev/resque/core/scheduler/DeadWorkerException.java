package dev.resque.core.scheduler;

import dev.resque.core.job.ResqueException;

/** Names, in failed records, the failure of a job whose worker stopped pinging and was removed. */
public final class DeadWorkerException extends ResqueException {

	private DeadWorkerException() {
	}

}
