package dev.resque.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.resque.core.AbstractResqueOperations;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Refusal;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.plugin.DelayedJobs;
import dev.resque.core.plugin.JobPlugins;
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
public class FakeResqueTemplate extends AbstractResqueOperations implements DelayedJobs {

	private final JobCodec codec;

	private final List<EnqueuedJob> enqueued = new CopyOnWriteArrayList<>();

	private final MovableClock clock = new MovableClock();

	private final EnqueuePipeline pipeline;

	private final InThreadPerformer performer;

	/** A fake that runs no plugins. */
	public FakeResqueTemplate(JobCodec codec, JobInvoker invoker) {
		this(codec, invoker, TestModePlugins.none());
	}

	public FakeResqueTemplate(JobCodec codec, JobInvoker invoker, TestModePlugins plugins) {
		super(codec);
		this.codec = codec;
		JobPlugins jobPlugins = plugins.forMode(this, this.clock);
		this.pipeline = new EnqueuePipeline(codec, jobPlugins, new ResqueJobListener() {
		});
		this.performer = new InThreadPerformer(invoker, jobPlugins, "fake");
	}

	/** Keeps a job after its {@code beforeEnqueue} hooks; {@code false} when one of them refused it. */
	@Override
	public EnqueueResult enqueue(Job job) {
		Entry entry = this.pipeline.entry(job);
		return new EnqueueResult(entry.id(), this.pipeline.enqueue(entry, this::keep, Refusal.NONE));
	}

	/**
	 * Keeps a delayed job, due at {@code at} rounded up to its second by the fake's clock, as Redis's schedule
	 * keeps it; its hooks run when its time comes.
	 * @return {@code false} for enqueued when the same job is already kept for that second
	 */
	@Override
	public EnqueueResult enqueueAt(Instant at, Job job) {
		String id = this.pipeline.entry(job).id();
		return new EnqueueResult(id, schedule(at, job, id));
	}

	/** As {@link #enqueueAt}: what the plugins schedule. */
	@Override
	public boolean schedule(Instant at, Job job, @Nullable String jobId) {
		Job stored = roundTrip(job);
		Instant second = Instant.ofEpochSecond(DelayedSchedule.second(at));
		synchronized (this.enqueued) {
			if (this.enqueued.stream().anyMatch((kept) -> second.equals(kept.at()) && kept.job().equals(stored))) {
				return false;
			}
			this.enqueued.add(new EnqueuedJob(stored, second));
		}
		return true;
	}

	/** The times a job is kept for, sorted. */
	@Override
	public List<Instant> scheduledAt(Job job) {
		Job stored = roundTrip(job);
		return this.enqueued.stream()
			.filter((kept) -> kept.at() != null && kept.job().equals(stored))
			.map(EnqueuedJob::at)
			.sorted()
			.toList();
	}

	/** Delays by the fake's clock, so that {@link #advance} makes the job due. */
	@Override
	public EnqueueResult enqueueIn(Duration delay, Job job) {
		return enqueueAt(now().plus(delay), job);
	}

	@Override
	public EnqueueResult enqueueIn(Duration delay, Class<?> jobClass, Object... args) {
		return enqueueIn(delay, job(jobClass, args));
	}

	@Override
	public EnqueueResult enqueueIn(Duration delay, String queue, String jobName, List<?> args) {
		return enqueueIn(delay, job(queue, jobName, args));
	}

	/** Keeps the jobs their {@code beforeEnqueue} hooks let through; one result per job, in order. */
	@Override
	public List<EnqueueResult> enqueueAll(Collection<Job> jobs) {
		return this.pipeline.results(jobs.stream().map(this.pipeline::entry).toList(), this::keep, Refusal.NONE);
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
		return this.clock.instant();
	}

	/**
	 * Moves the fake's clock on, so that delayed jobs and retries become due for {@link #drainDue()} and the
	 * plugins' locks expire.
	 */
	public void advance(Duration duration) {
		this.clock.advance(duration);
	}

	/** Forgets every job. */
	public void clear() {
		this.enqueued.clear();
	}

	/**
	 * Performs every job kept, delayed ones too, in order, including jobs they enqueue and their retries, until
	 * none is left.
	 * @return how many jobs were performed (each attempt counts; jobs a plugin dropped do not)
	 * @throws JobPerformException when a job fails for good (the jobs after it stay)
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
		EnqueuedJob next = this.enqueued.remove(0);
		perform(next);
		return Optional.of(next.job());
	}

	private int drainWhere(Predicate<EnqueuedJob> selected) {
		int performed = 0;
		Optional<EnqueuedJob> next;
		while ((next = this.enqueued.stream().filter(selected).findFirst()).isPresent()) {
			this.enqueued.remove(next.get());
			if (perform(next.get())) {
				performed++;
			}
		}
		return performed;
	}

	/**
	 * Performs a job taken from the fake; a delayed one first passes its {@code beforeEnqueue} hooks, as when the
	 * scheduler moves it to its queue (a refused one is dropped, as there).
	 * @return whether it was performed
	 */
	private boolean perform(EnqueuedJob kept) {
		if (kept.at() != null
				&& !this.pipeline.enqueue(new Entry(kept.job(), kept.at(), null), FakeResqueTemplate::arrived, Refusal.NONE)) {
			return false;
		}
		return this.performer.perform(kept.job());
	}

	/** Keeps jobs that passed their hooks, as they come back from Redis. */
	private boolean[] keep(List<Entry> entries, List<String> payloads) {
		for (int i = 0; i < entries.size(); i++) {
			this.enqueued.add(new EnqueuedJob(this.codec.decode(payloads.get(i), entries.get(i).job().queue()), null));
		}
		return landed(entries);
	}

	/** A delayed job whose time came: it is performed next, so it is kept nowhere. */
	private static boolean[] arrived(List<Entry> entries, List<String> payloads) {
		return landed(entries);
	}

	private static boolean[] landed(List<Entry> entries) {
		boolean[] landed = new boolean[entries.size()];
		Arrays.fill(landed, true);
		return landed;
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
