package dev.resque.core.scheduler;

import java.time.Duration;

import dev.resque.core.worker.StuckJobAction;

/**
 * How the scheduler behaves.
 *
 * @param pollInterval how often it tries for leadership and, as leader, does its work
 * @param leaderLockTimeout how long the leader lock lasts without renewal; a crashed leader is replaced after it
 * @param stuckWorkerTimeout how long a worker may go without pinging before it is taken for dead
 * @param stuckJobAction what happens to a dead worker's job
 * @param batchSize how many delayed jobs are moved per script call
 */
public record SchedulerSettings(Duration pollInterval, Duration leaderLockTimeout, Duration stuckWorkerTimeout,
		StuckJobAction stuckJobAction, int batchSize) {

	public static SchedulerSettings defaults() {
		return new SchedulerSettings(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(60),
				StuckJobAction.REQUEUE, 500);
	}

	public SchedulerSettings {
		if (leaderLockTimeout.compareTo(pollInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("The leader lock timeout (" + leaderLockTimeout
					+ ") must be at least twice the poll interval (" + pollInterval + ") or leadership flaps");
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("The batch size must be positive");
		}
	}

}
