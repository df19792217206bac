package dev.resque.core.event;

import java.time.Instant;

/**
 * Due delayed jobs were moved to their queues.
 *
 * @param scheduler the scheduler's name
 * @param timestamp the time they were scheduled at
 * @param count how many were moved
 */
public record DelayedJobsMovedEvent(String scheduler, Instant timestamp, long count) implements ResqueEvent {
}
