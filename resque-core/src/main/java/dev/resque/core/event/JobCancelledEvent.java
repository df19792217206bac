package dev.resque.core.event;

import java.time.Duration;

import dev.resque.core.job.Job;

/**
 * A job was cancelled while it ran, and recorded so: counted as cancelled, neither processed nor failed.
 *
 * @param worker the worker's name
 * @param job the job
 * @param duration how long it ran
 */
public record JobCancelledEvent(String worker, Job job, Duration duration) implements ResqueEvent {
}
