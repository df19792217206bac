package dev.resque.core.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * What a worker is doing right now (its {@code worker:<id>} record).
 *
 * @param worker the worker's name
 * @param queue the queue the job came from
 * @param runAt when the worker took the job, or {@code null} when unreadable
 * @param payload the job
 * @param jobId the job's id, or {@code null} when it carries none
 */
public record WorkingOn(String worker, String queue, @Nullable Instant runAt, Job payload, @Nullable String jobId) {

	/** A record whose job carries no id (another language's, or one enqueued untracked). */
	public WorkingOn(String worker, String queue, @Nullable Instant runAt, Job payload) {
		this(worker, queue, runAt, payload, null);
	}

}
