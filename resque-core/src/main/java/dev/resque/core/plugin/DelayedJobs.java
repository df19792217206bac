package dev.resque.core.plugin;

import java.time.Instant;
import java.util.List;

import dev.resque.core.job.Job;

/** What plugins may do with the schedule of delayed jobs: put a job on it again, and see when one is due. */
public interface DelayedJobs {

	/**
	 * Schedules a job for a time, rounded up to its second.
	 * @return {@code false} when the same job is already scheduled in that second
	 */
	boolean enqueueAt(Instant at, Job job);

	/** The times a job is scheduled at, sorted, whichever peer wrote it. */
	List<Instant> scheduledAt(Job job);

}
