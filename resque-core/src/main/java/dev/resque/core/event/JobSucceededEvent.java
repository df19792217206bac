package dev.resque.core.event;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A job's perform method returned.
 *
 * @param worker the worker's name
 * @param job the job
 * @param result what perform returned ({@code null} for void)
 * @param duration how long perform ran
 * @param jobId the job's id: the one it carries when tracked, else one derived from its queue and payload
 */
public record JobSucceededEvent(String worker, Job job, @Nullable Object result, Duration duration,
		String jobId) implements ResqueEvent {

	public JobSucceededEvent(String worker, Job job, @Nullable Object result, Duration duration) {
		this(worker, job, result, duration, "");
	}

}
