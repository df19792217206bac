package dev.resque.core.batch;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.EnqueueResult;

/**
 * A submitted batch: its id, by which its status is read ({@code ResqueAdmin.jobs().batch(id)}), and what became of
 * each member (a plugin may have refused some: they are not in the batch).
 *
 * @param batchId the batch's id
 * @param jobs one result per member, in order
 * @param onCompleteId the id its {@code onComplete} callback will run under, or {@code null}
 * @param onSuccessId the id its {@code onSuccess} callback will run under, or {@code null}
 */
public record BatchResult(String batchId, List<EnqueueResult> jobs, @Nullable String onCompleteId,
		@Nullable String onSuccessId) {

	public BatchResult {
		jobs = List.copyOf(jobs);
	}

}
