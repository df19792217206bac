package dev.resque.core.event;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A job failed and was written to the failed queue: it threw, or it could not be run at all (a malformed
 * payload, an unknown job name, arguments that do not bind).
 *
 * @param worker the worker's name
 * @param queue the queue the job came from
 * @param job the job, or {@code null} when the payload could not be read
 * @param payload the payload as taken from the queue
 * @param exception why it failed
 * @param duration how long it ran before failing
 * @param jobId the job's id: the one it carries when tracked, else one derived from its queue and payload
 */
public record JobFailedEvent(String worker, String queue, @Nullable Job job, String payload, Throwable exception,
		Duration duration, String jobId) implements ResqueEvent {

	public JobFailedEvent(String worker, String queue, @Nullable Job job, String payload, Throwable exception,
			Duration duration) {
		this(worker, queue, job, payload, exception, duration, "");
	}

}
