package dev.resque.core.event;

import dev.resque.core.job.Job;

/**
 * A worker took a job and is about to perform it.
 *
 * @param worker the worker's name
 * @param job the job
 * @param jobId the job's id: the one it carries when tracked, else one derived from its queue and payload
 */
public record JobStartedEvent(String worker, Job job, String jobId) implements ResqueEvent {

	public JobStartedEvent(String worker, Job job) {
		this(worker, job, "");
	}

}
