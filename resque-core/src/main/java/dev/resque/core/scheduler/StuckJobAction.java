package dev.resque.core.scheduler;

/** What the scheduler does with the job of a worker that stopped pinging. */
public enum StuckJobAction {

	/** Put it back at the head of its queue: it runs again (at-least-once). */
	REQUEUE,

	/** Move it to the failed queue, to be retried by hand. */
	FAIL

}
