package dev.resque.core.batch;

import java.util.ArrayList;
import java.util.List;

import dev.resque.core.enqueue.JobFactory;
import dev.resque.core.job.Job;

/** The members of a batch being defined: what {@code add} collects is enqueued together when the definition ends. */
public final class BatchJobs {

	private final JobFactory jobFactory;

	private final List<Job> jobs = new ArrayList<>();

	BatchJobs(JobFactory jobFactory) {
		this.jobFactory = jobFactory;
	}

	public BatchJobs add(Job job) {
		this.jobs.add(job);
		return this;
	}

	/** A {@code @ResqueJob}, checked as a typed enqueue checks it. */
	public BatchJobs add(Class<?> jobClass, Object... args) {
		return add(this.jobFactory.typed(jobClass, args));
	}

	/** A job by name, for jobs that may be worked by another language. */
	public BatchJobs add(String queue, String jobName, List<?> args) {
		return add(this.jobFactory.raw(queue, jobName, args));
	}

	List<Job> jobs() {
		return List.copyOf(this.jobs);
	}

}
