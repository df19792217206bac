package dev.resque.core.queue;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * An entry of the failed queue, as written by any Resque implementation.
 *
 * @param worker the worker that ran the job
 * @param queue the queue the job came from
 * @param payload the job, or {@code null} when the entry has none that can be read
 * @param exception the exception's type
 * @param error the exception's message
 * @param backtrace the stack trace lines
 * @param failedAt when it failed, or {@code null} when the date is missing or unreadable
 * @param json the entry exactly as stored: removing or retrying it matches these bytes
 * @param jobId the id of the job, for a tracked one; {@code null} for another program's
 * @param batchId the batch the job belongs to, or {@code null}
 */
public record FailedJob(String worker, String queue, @Nullable Job payload, String exception, String error,
		List<String> backtrace, @Nullable Instant failedAt, String json, @Nullable String jobId,
		@Nullable String batchId) {

	public FailedJob {
		backtrace = List.copyOf(backtrace);
	}

}
