package dev.resque.core.event;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A worker that stopped pinging was removed.
 *
 * @param scheduler the scheduler's name
 * @param worker the dead worker's name
 * @param silentFor how long it had not pinged
 * @param job the job it held, or {@code null} when it was idle
 * @param requeued whether the job went back to its queue ({@code false}: to the failed queue)
 */
public record WorkerCleanedEvent(String scheduler, String worker, Duration silentFor, @Nullable Job job,
		boolean requeued) implements ResqueEvent {
}
