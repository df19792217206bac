package dev.resque.core.event;

import java.time.Duration;

import dev.resque.core.job.Job;

/**
 * A job failed and a plugin (such as {@code @Retry}) scheduled it to run again; it is counted as failed but not
 * written to the failed queue.
 *
 * @param worker the worker's name
 * @param job the job
 * @param exception why it failed
 * @param delay how long until it runs again
 * @param jobId the job's id: the one it carries when tracked, else one derived from its queue and payload
 */
public record JobRetryScheduledEvent(String worker, Job job, Throwable exception, Duration delay,
		String jobId) implements ResqueEvent {

	public JobRetryScheduledEvent(String worker, Job job, Throwable exception, Duration delay) {
		this(worker, job, exception, delay, "");
	}

}
