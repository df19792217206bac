package dev.resque.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.resque.core.AbstractResqueOperations;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.worker.JobInvoker;

/**
 * For tests: jobs are kept in memory instead of Redis (no server is needed), to be asserted
 * ({@code ResqueAssertions}) and performed on demand: all of them ({@link #drain()}), one queue's
 * ({@link #drain(String)}), those due by the fake's clock ({@link #drainDue()}, with {@link #advance} to move
 * time on), or one at a time ({@link #performNext()}). Arguments are kept as they would come back from Redis.
 *
 * <pre class="code">
 * signUps.signUp("a@b.c");                       // enqueues a mail now and a reminder in three days
 * resque.drainDue();                              // the mail
 * resque.advance(Duration.ofDays(3));
 * resque.drainDue();                              // the reminder
 * </pre>
 */
public class FakeResqueTemplate extends AbstractResqueOperations {

	private final JobCodec codec;

	private final JobInvoker invoker;

	private final List<EnqueuedJob> enqueued = new CopyOnWriteArrayList<>();

	/** How far the fake's clock is ahead of the system clock. */
	private volatile Duration offset = Duration.ZERO;

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

	/** Keeps a delayed job; it is due at {@code at} by the fake's clock. */
	@Override
	public boolean enqueueAt(Instant at, Job job) {
		this.enqueued.add(new EnqueuedJob(roundTrip(job), at));
		return true;
	}

	/** Delays by the fake's clock, so that {@link #advance} makes the job due. */
	@Override
	public boolean enqueueIn(Duration delay, Job job) {
		return enqueueAt(now().plus(delay), job);
	}

	@Override
	public boolean enqueueIn(Duration delay, Class<?> jobClass, Object... args) {
		return enqueueIn(delay, job(jobClass, args));
	}

	@Override
	public boolean enqueueIn(Duration delay, String queue, String jobName, List<?> args) {
		return enqueueIn(delay, job(queue, jobName, args));
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

	/** The jobs of a {@code @ResqueJob} class enqueued and not yet drained, delayed ones included, in order. */
	public List<EnqueuedJob> enqueued(Class<?> jobClass) {
		String name = JobDefinition.of(jobClass).name();
		return this.enqueued.stream().filter((job) -> job.job().name().equals(name)).toList();
	}

	/** The fake's time: the system's, moved on by {@link #advance}. Delayed jobs are due by it. */
	public Instant now() {
		return Instant.now().plus(this.offset);
	}

	/** Moves the fake's clock on, so that delayed jobs become due for {@link #drainDue()}. */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("The fake's clock only moves forward, not by " + duration);
		}
		this.offset = this.offset.plus(duration);
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
		return drainWhere((job) -> true);
	}

	/**
	 * Performs the jobs of one queue, delayed ones too, in order, including jobs they enqueue on it, until none is
	 * left there; the other queues' jobs stay.
	 * @return how many jobs were performed
	 */
	public int drain(String queue) {
		return drainWhere((job) -> job.job().queue().equals(queue));
	}

	/**
	 * Performs the jobs that are due by the fake's clock ({@link #now()}), enqueued now or delayed to a time that
	 * has come, in order, including due jobs they enqueue; jobs delayed beyond it stay.
	 * @return how many jobs were performed
	 */
	public int drainDue() {
		return drainWhere((job) -> job.at() == null || !job.at().isAfter(now()));
	}

	/**
	 * Performs the first job kept, delayed or not, and returns it; nothing when none is kept.
	 * @throws JobPerformException when it fails (it is not kept)
	 */
	public Optional<Job> performNext() {
		if (this.enqueued.isEmpty()) {
			return Optional.empty();
		}
		Job next = this.enqueued.remove(0).job();
		JobPerformException.perform(this.invoker, next);
		return Optional.of(next);
	}

	private int drainWhere(Predicate<EnqueuedJob> selected) {
		int performed = 0;
		Optional<EnqueuedJob> next;
		while ((next = this.enqueued.stream().filter(selected).findFirst()).isPresent()) {
			this.enqueued.remove(next.get());
			JobPerformException.perform(this.invoker, next.get().job());
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
