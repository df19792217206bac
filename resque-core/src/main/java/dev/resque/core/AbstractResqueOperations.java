package dev.resque.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.resque.core.batch.BatchBuilder;
import dev.resque.core.batch.BatchDefinition;
import dev.resque.core.batch.BatchResult;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.contract.JobContracts;
import dev.resque.core.enqueue.JobFactory;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;

/**
 * The part every {@link ResqueOperations} shares: building and checking jobs before they are sent. Subclasses say
 * where a job goes ({@code enqueue}, {@code enqueueAll}, {@code enqueueAt}).
 */
public abstract class AbstractResqueOperations implements ResqueOperations {

	private final JobFactory jobs;

	private volatile @Nullable JobContracts contracts;

	protected AbstractResqueOperations(JobCodec codec) {
		this.jobs = new JobFactory(codec);
	}

	@Override
	public final Job job(Class<?> jobClass, Object... args) {
		return this.jobs.typed(jobClass, args);
	}

	/**
	 * Checks every job enqueued against the contract its job published, refusing one that does not fit
	 * ({@link JobContracts#check}) before anything is sent; {@code null}, the default, checks nothing.
	 */
	public void setContracts(@Nullable JobContracts contracts) {
		this.contracts = contracts;
	}

	/** The job, once its contract (when checking is on and it has one) accepts it. */
	protected final Job checked(Job job) {
		JobContracts checking = this.contracts;
		if (checking != null) {
			checking.check(job);
		}
		return job;
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
