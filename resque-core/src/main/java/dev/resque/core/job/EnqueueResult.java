package dev.resque.core.job;

import org.jspecify.annotations.Nullable;

/**
 * What an enqueue did: the job's id, by which its status is read
 * ({@link dev.resque.core.admin.ResqueAdmin#jobs()}), and whether the job went in.
 *
 * @param jobId the job's id; for a job that was not enqueued because the same job is already scheduled in that
 * second, the id of that one; {@code null} when jobs are not tracked ({@link JobTracking#enabled()})
 * @param enqueued {@code false} when a plugin's {@code beforeEnqueue} stopped the job (a queue lock, for instance)
 * or the same job is already scheduled in that second
 */
public record EnqueueResult(@Nullable String jobId, boolean enqueued) {

	/** A job that went in. */
	public static EnqueueResult enqueued(@Nullable String jobId) {
		return new EnqueueResult(jobId, true);
	}

	/** A job that did not go in. */
	public static EnqueueResult refused(@Nullable String jobId) {
		return new EnqueueResult(jobId, false);
	}

}
