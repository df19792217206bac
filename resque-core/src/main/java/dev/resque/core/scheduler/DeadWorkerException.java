package dev.resque.core.scheduler;

/** Names, in failed records, the failure of a job whose worker stopped pinging and was removed. */
public final class DeadWorkerException extends RuntimeException {

	private DeadWorkerException() {
	}

}
