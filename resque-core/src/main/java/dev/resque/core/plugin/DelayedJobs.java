package dev.resque.core.plugin;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/** What plugins may do with the schedule of delayed jobs: put a job on it again, and see when one is due. */
public interface DelayedJobs {

	/**
	 * Schedules a job for a time, rounded up to its second.
	 * @param jobId the id the job keeps when it runs again (a retry continues the status of the job that failed),
	 * or {@code null} for a new one
	 * @return {@code false} when the same job is already scheduled in that second
	 */
	boolean schedule(Instant at, Job job, @Nullable String jobId);

	/** The times a job is scheduled at, sorted, whichever peer wrote it. */
	List<Instant> scheduledAt(Job job);

}
