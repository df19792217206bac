package dev.resque.test;

import java.util.ArrayList;
import java.util.List;

import dev.resque.core.job.Job;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PerformContext;
import dev.resque.core.plugin.ResquePlugin;
import dev.resque.core.worker.JobInvoker;

/**
 * Performs a job in the caller's thread as a worker would: {@code beforePerform} hooks (the first {@code false}
 * drops the job), the job, then {@code afterPerform} for each hook that let it through, which may clear the
 * failure or schedule a retry. A failure that is left reaches the caller.
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
		List<ResquePlugin> all = this.plugins.forJob(job.name());
		PerformContext run = new PerformContext(job, this.worker);
		List<ResquePlugin> passed = new ArrayList<>(all.size());
		try {
			for (ResquePlugin plugin : all) {
				if (!plugin.beforePerform(run)) {
					return false;
				}
				passed.add(plugin);
			}
			run.result(this.invoker.invoke(job));
		}
		catch (Throwable ex) {
			run.failure(ex);
		}
		for (ResquePlugin plugin : passed) {
			try {
				plugin.afterPerform(run);
			}
			catch (Throwable ex) {
				run.failure(ex);
			}
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
