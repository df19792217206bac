package dev.resque.core;

import java.util.List;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.JobFactory;
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

}
