package dev.resque.core.batch;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A batch as it is submitted: its members, in order, and its callbacks.
 *
 * @param description what the batch is, shown with its status ({@code ""} for nothing)
 * @param members the jobs of the batch
 * @param onComplete the job enqueued once every member has ended, however, or {@code null}
 * @param onSuccess the job enqueued once every member has succeeded, or {@code null}
 */
public record BatchDefinition(String description, List<Job> members, @Nullable Job onComplete,
		@Nullable Job onSuccess) {

	public BatchDefinition {
		members = List.copyOf(members);
	}

}
