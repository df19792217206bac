package dev.resque.core.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How far a batch is, as Redis keeps it.
 *
 * @param id the batch's id
 * @param description what it is
 * @param total how many members it has
 * @param pending how many have not ended yet
 * @param succeeded how many succeeded
 * @param failed how many ended otherwise (failed for good, cancelled, or stopped by a plugin)
 * @param sealed whether all its members were sent (a batch whose sending failed half-way is never sealed, and its
 * callbacks never fire)
 * @param createdAt when its first members were sent
 * @param completedAt when its {@code onComplete} fired (or would have, without one): every member had ended
 * @param succeededAt when its {@code onSuccess} fired (or would have): every member had succeeded
 * @param onCompleteId the id of its {@code onComplete} callback, or {@code null}
 * @param onSuccessId the id of its {@code onSuccess} callback, or {@code null}
 */
public record BatchStatus(String id, String description, long total, long pending, long succeeded, long failed,
		boolean sealed, @Nullable Instant createdAt, @Nullable Instant completedAt, @Nullable Instant succeededAt,
		@Nullable String onCompleteId, @Nullable String onSuccessId) {

	/** Whether every member has ended. */
	public boolean isComplete() {
		return this.completedAt != null;
	}

}
