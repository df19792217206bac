package dev.resque.test;

import dev.resque.core.job.Job;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PerformContext;
import dev.resque.core.worker.JobInvoker;

/**
 * Performs a job in the caller's thread between its plugins' perform hooks, as a worker does
 * ({@link JobPlugins#perform}); a failure that is left, with no retry scheduled, reaches the caller.
 */
final class InThreadPerformer {

	private final JobInvoker invoker;

	private final JobPlugins plugins;

	private final String worker;

	/**
	 * @param worker the worker's name the plugins see
	 */
	InThreadPerformer(JobInvoker invoker, JobPlugins plugins, String worker) {
		this.invoker = invoker;
		this.plugins = plugins;
		this.worker = worker;
	}

	/**
	 * @return {@code false} when a {@code beforePerform} hook dropped the job
	 * @throws JobPerformException when it failed with a checked exception and no retry was scheduled (an
	 * unchecked one is thrown as it is)
	 */
	boolean perform(Job job) {
		PerformContext run = this.plugins.perform(job, this.worker, () -> this.invoker.invoke(job));
		if (run == null) {
			return false;
		}
		Throwable failure = run.failure();
		if (failure == null || run.retryDelay() != null) {
			return true;
		}
		if (failure instanceof RuntimeException unchecked) {
			throw unchecked;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		throw new JobPerformException("Job " + job.name() + " failed: " + failure, failure);
	}

}
