package dev.resque.core.enqueue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.observation.JobEnqueueContext;
import dev.resque.core.plugin.EnqueueContext;
import dev.resque.core.plugin.JobPlugins;

/**
 * The one way a job reaches its queue. Every path runs the same steps in this order; only the script that puts
 * the jobs on their queues differs ({@link Sender}):
 * <ol>
 * <li>the job's {@code beforeEnqueue} plugin hooks; the first {@code false} refuses the job, and the path decides
 * what a refusal means ({@link Refusal});</li>
 * <li>an observation {@code resque.job.enqueue} starts, whose tracer writes the trace context;</li>
 * <li>the payload is written with that context in its {@code "trace"} field, unless the path sends a payload
 * that is already stored (a delayed entry moves byte for byte);</li>
 * <li>the sender runs its script: one round trip for all the jobs it is given;</li>
 * <li>for each job that reached its queue: the {@code afterEnqueue} hooks (one that throws is logged: the job is
 * queued already, and an error would invite a second copy), then the listener's {@code jobEnqueued};</li>
 * <li>the observation stops, with the error if the script failed.</li>
 * </ol>
 * <table>
 * <caption>The paths</caption>
 * <tr><th>path</th><th>script</th><th>a refused job</th></tr>
 * <tr><td>{@code enqueue}</td><td>{@code enqueue.lua}</td><td>{@code enqueue} returns {@code false}</td></tr>
 * <tr><td>{@code enqueueAll}</td><td>pipelined {@code RPUSH}, then {@code PUBLISH}</td><td>not counted</td></tr>
 * <tr><td>retrying a failed job</td><td>{@code retry-failed.lua}</td><td>its entry stays failed</td></tr>
 * <tr><td>the scheduler's delayed move</td><td>{@code move-delayed.lua}</td><td>dropped from the schedule, as
 * node-resque drops it</td></tr>
 * <tr><td>a recurring firing</td><td>{@code fire-schedule.lua}</td><td>that firing is skipped</td></tr>
 * </table>
 * {@code enqueueAt} is not on the list: a job enters the schedule without hooks, as in node-resque, and passes
 * them when it is moved. A job without plugins costs nothing for the hooks: no round trip is added.
 */
public final class EnqueuePipeline {

	private static final Logger log = LoggerFactory.getLogger(EnqueuePipeline.class);

	private final JobCodec codec;

	private final JobPlugins plugins;

	private final ResqueJobListener listener;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile JobTracking tracking = JobTracking.defaults();

	public EnqueuePipeline(JobCodec codec, JobPlugins plugins, ResqueJobListener listener) {
		this.codec = codec;
		this.plugins = plugins;
		this.listener = listener;
	}

	/** A pipeline with no plugins and no listener. */
	public static EnqueuePipeline plain(JobCodec codec) {
		return new EnqueuePipeline(codec, JobPlugins.none(), new ResqueJobListener() {
		});
	}

	/**
	 * Observes each enqueue ({@code resque.job.enqueue}); with a tracer, the trace context travels in the payload
	 * so that the job's processing joins the trace.
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	public JobCodec codec() {
		return this.codec;
	}

	/**
	 * Whether the jobs sent through this pipeline get an id and a status ({@link JobTracking#defaults()} unless
	 * set): the template, the admin and the scheduler built on it follow it.
	 */
	public void setTracking(JobTracking tracking) {
		this.tracking = Objects.requireNonNull(tracking, "tracking");
	}

	public JobTracking tracking() {
		return this.tracking;
	}

	/** A job to write, with a new id when jobs are tracked. */
	public Entry entry(Job job) {
		return Entry.of(job, this.tracking);
	}

	/** Runs one job through the steps; returns whether it reached its queue. */
	public boolean enqueue(Entry entry, Sender sender, Refusal refusal) {
		return send(List.of(entry), sender, refusal).contains(entry);
	}

	/** Runs jobs through the steps, sending those their hooks let through in one go; returns how many landed. */
	public long enqueueAll(List<Entry> entries, Sender sender, Refusal refusal) {
		return send(entries, sender, refusal).size();
	}

	/**
	 * Runs jobs through the steps, sending those their hooks let through in one go; returns one result per job, in
	 * their order: its id and whether it landed.
	 */
	public List<EnqueueResult> results(List<Entry> entries, Sender sender, Refusal refusal) {
		Set<Entry> sent = Collections.newSetFromMap(new IdentityHashMap<>());
		sent.addAll(send(entries, sender, refusal));
		return entries.stream().map((entry) -> new EnqueueResult(entry.id(), sent.contains(entry))).toList();
	}

	/**
	 * Runs jobs through the steps, sending those their hooks let through in one go; returns those that landed, in
	 * their order.
	 */
	public List<Entry> send(List<Entry> entries, Sender sender, Refusal refusal) {
		List<Entry> admitted = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			if (this.plugins.forJob(entry.job().name()).isEmpty()) {
				admitted.add(entry);
				continue;
			}
			boolean admit;
			try {
				admit = this.plugins.beforeEnqueue(entry.context());
			}
			catch (RuntimeException ex) {
				refusal.failed(entry, ex);
				continue;
			}
			if (admit) {
				admitted.add(entry);
			}
			else {
				refusal.refused(entry);
			}
		}
		if (admitted.isEmpty()) {
			return List.of();
		}
		List<Observation> observations = new ArrayList<>(admitted.size());
		List<String> payloads = new ArrayList<>(admitted.size());
		boolean observed = !this.observationRegistry.isNoop();
		for (Entry entry : admitted) {
			JobEnqueueContext context = observed ? new JobEnqueueContext(entry.job()) : null;
			observations.add((context != null) ? start(context) : Observation.NOOP);
			Map<String, String> trace = (context != null) ? context.getCarrier() : null;
			payloads.add((entry.payload() != null) ? entry.payload()
					: this.codec.encodeQueued(entry.job(), trace, entry.id()));
		}
		boolean[] landed;
		try {
			landed = sender.send(admitted, payloads);
		}
		catch (RuntimeException ex) {
			observations.forEach((observation) -> observation.error(ex).stop());
			throw ex;
		}
		List<Entry> sent = new ArrayList<>(admitted.size());
		for (int i = 0; i < admitted.size(); i++) {
			if (landed[i]) {
				sent.add(admitted.get(i));
				afterEnqueue(admitted.get(i));
			}
			observations.get(i).stop();
		}
		return sent;
	}

	private Observation start(JobEnqueueContext observed) {
		Job job = observed.job();
		return Observation.createNotStarted("resque.job.enqueue", () -> observed, this.observationRegistry)
			.lowCardinalityKeyValue("queue", job.queue())
			.lowCardinalityKeyValue("job", job.name())
			.contextualName(job.queue() + " send")
			.start();
	}

	private void afterEnqueue(Entry entry) {
		if (!this.plugins.forJob(entry.job().name()).isEmpty()) {
			try {
				this.plugins.afterEnqueue(entry.context());
			}
			catch (RuntimeException ex) {
				log.warn("An afterEnqueue hook failed for job {} after it was enqueued: {}", entry.job().name(),
						ex.toString(), ex);
			}
		}
		this.listener.jobEnqueued(new JobEnqueuedEvent(entry.job()));
	}

	/**
	 * A job on its way to its queue.
	 *
	 * @param job the job, as the plugins see it
	 * @param scheduledAt when the scheduler moves a delayed job: the time it was scheduled at
	 * @param payload the payload to send as it is (a stored delayed entry), or {@code null} to write it
	 * @param id the job's id, written as the payload's last field; {@code null} for none (an untracked job, or a
	 * stored entry, whose id the script finds)
	 */
	public record Entry(Job job, @Nullable Instant scheduledAt, @Nullable String payload, @Nullable String id) {

		public Entry(Job job, @Nullable Instant scheduledAt, @Nullable String payload) {
			this(job, scheduledAt, payload, null);
		}

		/** A job to write, without an id. */
		public static Entry of(Job job) {
			return new Entry(job, null, null, null);
		}

		/** A job to write, with a new id ({@link JobIds#next()}) when jobs are tracked. */
		public static Entry of(Job job, JobTracking tracking) {
			return new Entry(job, null, null, tracking.enabled() ? JobIds.next() : null);
		}

		EnqueueContext context() {
			return new EnqueueContext(this.job, this.scheduledAt);
		}

	}

	/** What a path does with a job its hooks stopped. */
	public interface Refusal {

		/** Nothing: the job is simply not enqueued. */
		Refusal NONE = (entry) -> {
		};

		/** A {@code beforeEnqueue} hook returned {@code false}. */
		void refused(Entry entry);

		/**
		 * A {@code beforeEnqueue} hook threw; by default the exception reaches the caller and nothing is sent.
		 */
		default void failed(Entry entry, RuntimeException ex) {
			throw ex;
		}

	}

	/** Puts jobs on their queues in one round trip: the part of a path that differs. */
	@FunctionalInterface
	public interface Sender {

		/**
		 * @param entries the jobs their hooks let through
		 * @param payloads their payloads, in the same order
		 * @return for each, whether it reached its queue (another scheduler may have moved it first)
		 */
		boolean[] send(List<Entry> entries, List<String> payloads);

	}

}
