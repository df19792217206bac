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
 */
public record WorkingOn(String worker, String queue, @Nullable Instant runAt, Job payload) {
}
