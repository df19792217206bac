package dev.resque.core;

import java.util.List;

import dev.resque.core.batch.BatchBuilder;
import dev.resque.core.batch.BatchDefinition;
import dev.resque.core.batch.BatchResult;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.enqueue.JobFactory;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;

/**
 * The part every {@link ResqueOperations} shares: building and checking jobs before they are sent. Subclasses say
 * where a job goes ({@code enqueue}, {@code enqueueAll}, {@code enqueueAt}).
 */
public abstract class AbstractResqueOperations implements ResqueOperations {

	private final JobFactory jobs;

	protected AbstractResqueOperations(JobCodec codec) {
		this.jobs = new JobFactory(codec);
	}

	@Override
	public final Job job(Class<?> jobClass, Object... args) {
		return this.jobs.typed(jobClass, args);
	}

	@Override
	public final Job job(String queue, String jobName, List<?> args) {
		return this.jobs.raw(queue, jobName, args);
	}

	@Override
	public BatchBuilder batch() {
		return new BatchBuilder(this.jobs, this::submit);
	}

	/**
	 * Sends a batch. By default, as the test modes do it: the members are enqueued one by one, then each callback
	 * once (here the batch has no id in Redis and {@code onSuccess} does not wait for the members' outcomes).
	 */
	protected BatchResult submit(BatchDefinition batch) {
		List<EnqueueResult> results = batch.members().stream().map(this::enqueue).toList();
		String onComplete = (batch.onComplete() != null) ? enqueue(batch.onComplete()).jobId() : null;
		String onSuccess = (batch.onSuccess() != null) ? enqueue(batch.onSuccess()).jobId() : null;
		return new BatchResult(JobIds.next(), results, onComplete, onSuccess);
	}

}
