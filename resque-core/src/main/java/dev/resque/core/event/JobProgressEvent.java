package dev.resque.core.event;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A running job reported its progress ({@link dev.resque.core.worker.JobContext#progress}); on the job's thread.
 *
 * @param worker the worker's name
 * @param job the job
 * @param jobId the job's id
 * @param percent how far it is, 0 to 100
 * @param message what it says it is doing, or {@code null}
 */
public record JobProgressEvent(String worker, Job job, String jobId, int percent, @Nullable String message)
		implements ResqueEvent {
}
