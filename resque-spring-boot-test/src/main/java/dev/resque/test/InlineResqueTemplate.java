package dev.resque.test;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.resque.core.ResqueOperations;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.JobFactory;
import dev.resque.core.job.Job;
import dev.resque.core.worker.JobInvoker;

/**
 * For tests: {@code enqueue} (and {@code enqueueAt}/{@code enqueueIn}, at once) performs the job in the caller's
 * thread, with no Redis. Arguments go through the JSON codec first, as they would through Redis, so a job whose
 * arguments do not survive the trip fails here as it would on a worker. What the job throws reaches the caller.
 */
public class InlineResqueTemplate implements ResqueOperations {

	private final JobCodec codec;

	private final JobFactory jobs;

	private final JobInvoker invoker;

	public InlineResqueTemplate(JobCodec codec, JobInvoker invoker) {
		this.codec = codec;
		this.jobs = new JobFactory(codec);
		this.invoker = invoker;
	}

	@Override
	public Job job(Class<?> jobClass, Object... args) {
		return this.jobs.typed(jobClass, args);
	}

	@Override
	public Job job(String queue, String jobName, List<?> args) {
		return this.jobs.raw(queue, jobName, args);
	}

	@Override
	public boolean enqueue(Job job) {
		JobPerformException.perform(this.invoker, this.codec.decode(this.codec.encode(job), job.queue()));
		return true;
	}

	@Override
	public boolean enqueueAt(Instant at, Job job) {
		return enqueue(job);
	}

	@Override
	public long enqueueAll(Collection<Job> jobs) {
		jobs.forEach(this::enqueue);
		return jobs.size();
	}

}
