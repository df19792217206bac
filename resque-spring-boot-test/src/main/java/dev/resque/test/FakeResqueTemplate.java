package dev.resque.test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.resque.core.AbstractResqueOperations;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.worker.JobInvoker;

/**
 * For tests: jobs are kept in memory instead of Redis (no server is needed), to be asserted
 * ({@code ResqueAssertions}) and performed on demand with {@link #drain()}. Arguments are kept as they would come
 * back from Redis.
 */
public class FakeResqueTemplate extends AbstractResqueOperations {

	private final JobCodec codec;

	private final JobInvoker invoker;

	private final List<EnqueuedJob> enqueued = new CopyOnWriteArrayList<>();

	public FakeResqueTemplate(JobCodec codec, JobInvoker invoker) {
		super(codec);
		this.codec = codec;
		this.invoker = invoker;
	}

	@Override
	public boolean enqueue(Job job) {
		this.enqueued.add(new EnqueuedJob(roundTrip(job), null));
		return true;
	}

	@Override
	public boolean enqueueAt(Instant at, Job job) {
		this.enqueued.add(new EnqueuedJob(roundTrip(job), at));
		return true;
	}

	@Override
	public long enqueueAll(Collection<Job> jobs) {
		jobs.forEach(this::enqueue);
		return jobs.size();
	}

	/** The queues jobs were enqueued on, sorted. */
	public List<String> queues() {
		return List.copyOf(new TreeSet<>(this.enqueued.stream().map((job) -> job.job().queue()).toList()));
	}

	/** Jobs waiting on a queue, delayed ones not counted. */
	public long length(String queue) {
		return waiting(queue).size();
	}

	/** Jobs waiting on a queue from {@code start} to {@code stop} inclusive ({@code -1} = the last). */
	public List<Job> queued(String queue, long start, long stop) {
		List<Job> waiting = waiting(queue);
		int from = (int) Math.max(0, (start < 0) ? waiting.size() + start : start);
		int to = (int) Math.min(waiting.size() - 1, (stop < 0) ? waiting.size() + stop : stop);
		return (from > to) ? List.of() : waiting.subList(from, to + 1);
	}

	/** Every job enqueued and not yet drained, delayed ones included, in order. */
	public List<EnqueuedJob> enqueued() {
		return List.copyOf(this.enqueued);
	}

	/** Forgets every job. */
	public void clear() {
		this.enqueued.clear();
	}

	/**
	 * Performs every job kept, delayed ones too, in order, including jobs they enqueue, until none is left.
	 * @return how many jobs were performed
	 * @throws JobPerformException when a job fails (the jobs after it stay)
	 */
	public int drain() {
		int performed = 0;
		while (!this.enqueued.isEmpty()) {
			EnqueuedJob next = this.enqueued.remove(0);
			JobPerformException.perform(this.invoker, next.job());
			performed++;
		}
		return performed;
	}

	/** Arguments as this fake keeps them: as they come back from Redis. */
	List<Object> asStored(String jobName, Object... args) {
		return this.codec.toJsonValues(jobName, args);
	}

	private List<Job> waiting(String queue) {
		return this.enqueued.stream()
			.filter((job) -> job.at() == null && job.job().queue().equals(queue))
			.map(EnqueuedJob::job)
			.toList();
	}

	private Job roundTrip(Job job) {
		return this.codec.decode(this.codec.encode(job), job.queue());
	}

	/** A job kept by the fake, maybe for later. */
	public record EnqueuedJob(Job job, @Nullable Instant at) {

		public List<Object> args() {
			return new ArrayList<>(this.job.args());
		}

	}

}
