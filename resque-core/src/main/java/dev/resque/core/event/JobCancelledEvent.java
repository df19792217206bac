package dev.resque.core.event;

import java.time.Duration;

import dev.resque.core.job.Job;

/**
 * A job was cancelled while it ran, and recorded so: counted as cancelled, neither processed nor failed.
 *
 * @param worker the worker's name
 * @param job the job
 * @param duration how long it ran
 * @param jobId the job's id: the one it carries when tracked, else one derived from its queue and payload
 */
public record JobCancelledEvent(String worker, Job job, Duration duration, String jobId) implements ResqueEvent {

	public JobCancelledEvent(String worker, Job job, Duration duration) {
		this(worker, job, duration, "");
	}

}
