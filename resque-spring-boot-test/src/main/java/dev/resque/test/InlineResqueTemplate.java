package dev.resque.test;

import java.time.Instant;
import java.util.Collection;

import dev.resque.core.AbstractResqueOperations;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.worker.JobInvoker;

/**
 * For tests: {@code enqueue} (and {@code enqueueAt}/{@code enqueueIn}, at once) performs the job in the caller's
 * thread, with no Redis. Arguments go through the JSON codec first, as they would through Redis, so a job whose
 * arguments do not survive the trip fails here as it would on a worker. What the job throws reaches the caller.
 */
public class InlineResqueTemplate extends AbstractResqueOperations {

	private final JobCodec codec;

	private final JobInvoker invoker;

	public InlineResqueTemplate(JobCodec codec, JobInvoker invoker) {
		super(codec);
		this.codec = codec;
		this.invoker = invoker;
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
