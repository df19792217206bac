package dev.resque.autoconfigure.metrics;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.resque.core.event.JobCancelledEvent;
import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.event.JobRetryScheduledEvent;
import dev.resque.core.event.JobSucceededEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.WorkerHungEvent;
import dev.resque.core.job.Job;

/**
 * Resque's meters: counters of jobs enqueued, processed, failed and retried by this instance (tags {@code queue}
 * and {@code job}), and gauges of the shared state in Redis (queue lengths, failed, delayed, workers, busy
 * workers) read from a cached {@link ResqueSnapshot}, plus whether this instance leads the schedulers.
 * <p>
 * Every meter is registered when the binder is bound, with a description and (but for the leader flag) a base
 * unit: the counters of each known job on its declared queue start at zero (a series that appears only with its
 * first failure is one an alert on its increase never sees), and {@code resque.queue.length} has a row for each
 * known queue. The timers of job processing and enqueueing come from their observations.
 */
public class ResqueMetrics implements MeterBinder, ResqueJobListener {

	/** The name of the per-queue gauge. */
	public static final String QUEUE_LENGTH = "resque.queue.length";

	private static final String UNKNOWN = "unknown";

	private static final String JOBS = "jobs";

	private final ResqueSnapshot snapshot;

	private final BooleanSupplier leader;

	private final Predicate<String> knownJobs;

	private final Supplier<Known> known;

	private final Object rowsLock = new Object();

	private volatile MeterRegistry registry;

	private volatile MultiGauge queueLengths;

	/** The snapshot the rows of {@code resque.queue.length} were last registered from; guarded by rowsLock. */
	private ResqueSnapshot.State rowsFrom;

	public ResqueMetrics(ResqueSnapshot snapshot, BooleanSupplier leader) {
		this(snapshot, leader, (name) -> true);
	}

	/**
	 * Meters whose {@code job} tag is {@code unknown} for names {@code knownJobs} does not accept: names read from
	 * payloads are untrusted, and each distinct one would make meters that are never freed.
	 */
	public ResqueMetrics(ResqueSnapshot snapshot, BooleanSupplier leader, Predicate<String> knownJobs) {
		this(snapshot, leader, knownJobs, () -> Known.NONE);
	}

	/**
	 * Meters as above whose counters and queue rows for what {@code known} names exist from the start.
	 * @param known the jobs and queues this application knows without reading Redis, asked again on every
	 * refresh of the gauges and by {@link #registerKnown()}
	 */
	public ResqueMetrics(ResqueSnapshot snapshot, BooleanSupplier leader, Predicate<String> knownJobs,
			Supplier<Known> known) {
		this.snapshot = snapshot;
		this.leader = leader;
		this.knownJobs = knownJobs;
		this.known = known;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		// A MultiGauge is only a name until it has rows, and a name without rows is absent from the registry (a 404
		// at /actuator/metrics, nothing in a scrape). Every queue this application knows gets a row now, 0 until
		// Redis says otherwise, so the gauge is there from the start without a Redis read at startup; queues only
		// other applications use join at the first refresh. Each row reads the snapshot itself, so reading this
		// gauge alone keeps it current. There is no row without a queue tag: Prometheus refuses meters of one
		// name with different tag keys.
		this.queueLengths = MultiGauge.builder(QUEUE_LENGTH)
			.description("Jobs waiting in a queue, all instances")
			.baseUnit(JOBS)
			.register(registry);
		Gauge.builder("resque.failed", this, (metrics) -> metrics.refreshed().failed())
			.description("Entries in the failed queue")
			.baseUnit(JOBS)
			.register(registry);
		Gauge.builder("resque.delayed", this, (metrics) -> metrics.refreshed().delayed())
			.description("Delayed jobs not yet due or not yet moved")
			.baseUnit(JOBS)
			.register(registry);
		Gauge.builder("resque.workers", this, (metrics) -> metrics.refreshed().workers())
			.description("Registered workers of every instance and language")
			.baseUnit("workers")
			.register(registry);
		Gauge.builder("resque.workers.busy", this, (metrics) -> metrics.refreshed().busyWorkers())
			.description("Workers running a job")
			.baseUnit("workers")
			.register(registry);
		// a flag has no unit, and a made-up one would only lengthen its Prometheus name
		Gauge.builder("resque.scheduler.leader", this, (metrics) -> metrics.leader.getAsBoolean() ? 1 : 0)
			.description("Whether this instance's scheduler is the leader (1) or not (0)")
			.register(registry);
		registerKnown();
	}

	/**
	 * Registers the counters of every known job on its declared queue and a {@code resque.queue.length} row for
	 * every known queue, without reading Redis. Bound meters stay as they are; before binding, nothing happens.
	 * Called when bound, and again once the application's jobs are registered, whichever comes last.
	 */
	public void registerKnown() {
		if (this.registry == null) {
			return;
		}
		this.known.get().jobs().forEach((name, queue) -> {
			for (Counted counted : Counted.values()) {
				counter(counted, queue, name);
			}
		});
		registerRows(this.snapshot.last(), true);
	}

	private ResqueSnapshot.State refreshed() {
		ResqueSnapshot.State state = this.snapshot.state();
		registerRows(state, false);
		return state;
	}

	/** One row per queue known here or found in Redis; rows of queues that are neither any more go. */
	private void registerRows(ResqueSnapshot.State state, boolean always) {
		MultiGauge rows = this.queueLengths;
		if (rows == null) {
			return;
		}
		synchronized (this.rowsLock) {
			ResqueSnapshot.State previous = this.rowsFrom;
			if (!always && previous != null && !state.readAt().isAfter(previous.readAt())) {
				return;
			}
			Set<String> queues = new TreeSet<>(this.known.get().queues());
			queues.addAll(state.queues().keySet());
			// without overwrite, rows already there keep their meter; each reads its queue from the snapshot
			rows.register(queues.stream()
				.map((queue) -> MultiGauge.Row.of(Tags.of("queue", queue), this,
						(metrics) -> metrics.refreshed().queues().getOrDefault(queue, 0L)))
				.toList(), false);
			this.rowsFrom = state;
		}
	}

	@Override
	public void jobEnqueued(JobEnqueuedEvent event) {
		count(Counted.ENQUEUED, event.job());
	}

	@Override
	public void jobSucceeded(JobSucceededEvent event) {
		count(Counted.PROCESSED, event.job());
	}

	@Override
	public void jobFailed(JobFailedEvent event) {
		Job job = event.job();
		increment(Counted.FAILED, event.queue(), (job != null) ? job.name() : UNKNOWN);
	}

	@Override
	public void jobRetryScheduled(JobRetryScheduledEvent event) {
		count(Counted.RETRIED, event.job());
	}

	@Override
	public void jobCancelled(JobCancelledEvent event) {
		count(Counted.CANCELLED, event.job());
	}

	@Override
	public void workerHung(WorkerHungEvent event) {
		count(Counted.HUNG, event.job());
	}

	private void count(Counted counted, Job job) {
		increment(counted, job.queue(), job.name());
	}

	private void increment(Counted counted, String queue, String jobName) {
		Counter counter = counter(counted, queue, jobName);
		if (counter != null) {
			counter.increment();
		}
	}

	private Counter counter(Counted counted, String queue, String jobName) {
		String job = this.knownJobs.test(jobName) ? jobName : UNKNOWN;
		MeterRegistry current = this.registry;
		if (current == null) {
			return null;
		}
		return Counter.builder(counted.meter)
			.description(counted.description)
			.baseUnit(JOBS)
			.tags(Tags.of("queue", queue, "job", job))
			.register(current);
	}

	/** The counters, each with its description. */
	private enum Counted {

		ENQUEUED("resque.jobs.enqueued", "Jobs enqueued by this instance"),

		PROCESSED("resque.jobs.processed", "Jobs this instance's workers performed successfully"),

		FAILED("resque.jobs.failed", "Jobs this instance's workers wrote to the failed queue"),

		RETRIED("resque.jobs.retried", "Failed jobs this instance's workers scheduled to run again"),

		CANCELLED("resque.jobs.cancelled", "Jobs cancelled while this instance's workers ran them"),

		HUNG("resque.jobs.hung", "Jobs that ignored the interrupt of their timeout, whose workers this instance gave up on");

		private final String meter;

		private final String description;

		Counted(String meter, String description) {
			this.meter = meter;
			this.description = description;
		}

	}

	/**
	 * What the application knows without reading Redis.
	 *
	 * @param jobs the registered jobs' names and declared queues
	 * @param queues the queues worth a {@code resque.queue.length} row from the start: those of the jobs, the
	 * workers and the recurring schedules
	 */
	public record Known(Map<String, String> jobs, Set<String> queues) {

		/** Nothing known: meters appear as jobs and queues are seen. */
		public static final Known NONE = new Known(Map.of(), Set.of());

		public Known {
			jobs = Map.copyOf(jobs);
			queues = Set.copyOf(queues);
		}

	}

}
