package dev.resque.core.event;

import dev.resque.core.job.Job;

/**
 * A worker took a job and is about to perform it.
 *
 * @param worker the worker's name
 * @param job the job
 */
public record JobStartedEvent(String worker, Job job) implements ResqueEvent {
}
