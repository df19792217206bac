package dev.resque.core.event;

import java.time.Instant;

import dev.resque.core.job.Job;

/**
 * A recurring job was enqueued for one of its firings.
 *
 * @param schedule the schedule's name
 * @param firing the firing's time
 * @param job the job enqueued
 */
public record RecurringJobFiredEvent(String schedule, Instant firing, Job job) implements ResqueEvent {
}
