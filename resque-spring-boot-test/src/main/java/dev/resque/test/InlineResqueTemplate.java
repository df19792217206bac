package dev.resque.test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

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
import dev.resque.core.plugin.DelayedJobs;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.worker.JobInvoker;

/**
 * For tests: {@code enqueue} (and {@code enqueueAt}/{@code enqueueIn}, at once) performs the job in the caller's
 * thread, with no Redis. Arguments go through the JSON codec first, as they would through Redis, so a job whose
 * arguments do not survive the trip fails here as it would on a worker. What the job throws reaches the caller.
 * <p>
 * Plugins run as on a worker, unless {@code resque.test.plugins=false}: a {@code beforeEnqueue} hook that refuses
 * makes {@code enqueue} return {@code false} and the job is not performed; a job a plugin schedules again (a
 * {@code @Retry} after a failure, a {@code @JobLock} that re-enqueues) runs again at once, before {@code enqueue}
 * returns, so the caller sees the last attempt's failure. Locks and counters are kept in memory.
 */
public class InlineResqueTemplate extends AbstractResqueOperations {

	private final EnqueuePipeline pipeline;

	private final InThreadPerformer performer;

	/** Jobs plugins scheduled again during this thread's {@code enqueue}, run before it returns. */
	private final ThreadLocal<Deque<Entry>> reruns = ThreadLocal.withInitial(ArrayDeque::new);

	/** Inline mode without plugins. */
	public InlineResqueTemplate(JobCodec codec, JobInvoker invoker) {
		this(codec, invoker, TestModePlugins.none());
	}

	public InlineResqueTemplate(JobCodec codec, JobInvoker invoker, TestModePlugins plugins) {
		super(codec);
		JobPlugins jobPlugins = plugins.forMode(new Reruns(codec), Clock.systemUTC());
		this.pipeline = new EnqueuePipeline(codec, jobPlugins, new ResqueJobListener() {
		});
		this.performer = new InThreadPerformer(invoker, jobPlugins, "inline");
	}

	/**
	 * Performs the job after its {@code beforeEnqueue} hooks, then what its plugins scheduled again.
	 * @return {@code false} when a hook refused it
	 */
	@Override
	public EnqueueResult enqueue(Job job) {
		Deque<Entry> pending = this.reruns.get();
		boolean outermost = pending.isEmpty();
		try {
			Entry entry = this.pipeline.entry(job);
			boolean performed = run(entry);
			while (outermost && !pending.isEmpty()) {
				run(pending.poll());
			}
			return new EnqueueResult(entry.id(), performed);
		}
		finally {
			if (outermost) {
				// a failure that reached the caller leaves nothing to run at the next enqueue
				pending.clear();
			}
		}
	}

	@Override
	public EnqueueResult enqueueAt(Instant at, Job job) {
		return enqueue(job);
	}

	@Override
	public List<EnqueueResult> enqueueAll(Collection<Job> jobs) {
		return jobs.stream().map(this::enqueue).toList();
	}

	private boolean run(Entry entry) {
		Job[] decoded = new Job[1];
		boolean admitted = this.pipeline.enqueue(entry, (entries, payloads) -> {
			// the job as a worker would read it back from Redis
			decoded[0] = this.pipeline.codec().decode(payloads.get(0), entries.get(0).job().queue());
			boolean[] landed = new boolean[entries.size()];
			Arrays.fill(landed, true);
			return landed;
		}, Refusal.NONE);
		if (admitted) {
			this.performer.perform(decoded[0]);
		}
		return admitted;
	}

	/** The schedule plugins see: a job scheduled again runs once the job at hand has ended. */
	private final class Reruns implements DelayedJobs {

		private final JobCodec codec;

		Reruns(JobCodec codec) {
			this.codec = codec;
		}

		@Override
		public boolean schedule(Instant at, Job job, @Nullable String jobId) {
			Instant second = Instant.ofEpochSecond(DelayedSchedule.second(at));
			Deque<Entry> pending = InlineResqueTemplate.this.reruns.get();
			if (pending.stream().anyMatch((entry) -> second.equals(entry.scheduledAt()) && same(entry.job(), job))) {
				return false;
			}
			pending.add(new Entry(job, second, null, jobId));
			return true;
		}

		@Override
		public List<Instant> scheduledAt(Job job) {
			return InlineResqueTemplate.this.reruns.get()
				.stream()
				.filter((entry) -> same(entry.job(), job))
				.map(Entry::scheduledAt)
				.sorted()
				.toList();
		}

		private boolean same(Job one, Job other) {
			return this.codec.encode(one).equals(this.codec.encode(other));
		}

	}

}
