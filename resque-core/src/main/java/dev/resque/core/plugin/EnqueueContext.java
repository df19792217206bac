package dev.resque.core.plugin;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A job about to be (or just) enqueued.
 *
 * @param job the job
 * @param scheduledAt when the scheduler moves a delayed job: the time it was scheduled at; else {@code null}
 */
public record EnqueueContext(Job job, @Nullable Instant scheduledAt) {
}
