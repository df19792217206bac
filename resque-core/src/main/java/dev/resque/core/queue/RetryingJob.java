package dev.resque.core.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A delayed job that is a retry: a retry plugin (ours, node-resque's or resque-retry) scheduled it after it failed.
 *
 * @param job the job
 * @param runAt when it runs again
 * @param attempt which retry this is (1 for the first)
 * @param lastFailure the failure that scheduled it, as the failed queue would keep it (no backtrace), or
 * {@code null} when the plugin kept none
 * @param jobId its id, or {@code null} when it is not tracked
 */
public record RetryingJob(Job job, Instant runAt, long attempt, @Nullable FailedJob lastFailure, @Nullable String jobId) {

}
