package dev.resque.core.event;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A job was put on its queue by this application's template.
 *
 * @param job the job
 * @param jobId the id it was enqueued with; {@code null} when jobs are not tracked
 */
public record JobEnqueuedEvent(Job job, @Nullable String jobId) implements ResqueEvent {

	public JobEnqueuedEvent(Job job) {
		this(job, null);
	}

}
