package dev.resque.core.event;

/** Callbacks for the scheduler's events, called on the scheduler's thread. */
public interface ResqueSchedulerListener {

	default void leaderGained(LeaderGainedEvent event) {
	}

	default void leaderLost(LeaderLostEvent event) {
	}

	default void delayedJobsMoved(DelayedJobsMovedEvent event) {
	}

	default void workerCleaned(WorkerCleanedEvent event) {
	}

	default void recurringJobFired(RecurringJobFiredEvent event) {
	}

}
