package dev.resque.core.event;

/**
 * Callbacks for code that prefers them to application events. Beans of this type are called by every worker
 * of the application; they run on the worker's thread, so keep them quick.
 */
public interface ResqueJobListener {

	default void jobEnqueued(JobEnqueuedEvent event) {
	}

	default void jobStarted(JobStartedEvent event) {
	}

	default void jobSucceeded(JobSucceededEvent event) {
	}

	default void jobFailed(JobFailedEvent event) {
	}

	default void jobRetryScheduled(JobRetryScheduledEvent event) {
	}

	default void jobCancelled(JobCancelledEvent event) {
	}

	/** On the job's thread, while it runs: keep it quick. */
	default void jobProgress(JobProgressEvent event) {
	}

	default void workerStarted(WorkerStartedEvent event) {
	}

	default void workerStopped(WorkerStoppedEvent event) {
	}

	/** On the timeout thread, not a worker's. */
	default void workerHung(WorkerHungEvent event) {
	}

}
