package dev.resque.core.event;

import dev.resque.core.job.Job;

/**
 * A job was put on its queue by this application's template.
 *
 * @param job the job
 */
public record JobEnqueuedEvent(Job job) implements ResqueEvent {
}
