package dev.resque.core.worker;

/** What becomes of the job of a worker that is gone: one that stopped pinging (the scheduler finds it), or one hung in a job past its timeout. */
public enum StuckJobAction {

	/** Put it back at the head of its queue: it runs again (at-least-once). */
	REQUEUE,

	/** Move it to the failed queue, to be retried by hand. */
	FAIL

}
