package dev.resque.autoconfigure.metrics;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.event.JobRetryScheduledEvent;
import dev.resque.core.event.JobSucceededEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.Job;

/**
 * Resque's meters: counters of jobs enqueued, processed, failed and retried by this instance (tags {@code queue}
 * and {@code job}), and gauges of the shared state in Redis (queue lengths, failed, delayed, workers, busy
 * workers) read from a cached {@link ResqueSnapshot}, plus whether this instance leads the schedulers.
 */
public class ResqueMetrics implements MeterBinder, ResqueJobListener {

	private static final String UNKNOWN = "unknown";

	private final ResqueSnapshot snapshot;

	private final BooleanSupplier leader;

	private volatile MeterRegistry registry;

	private volatile MultiGauge queueLengths;

	private final Predicate<String> knownJobs;

	public ResqueMetrics(ResqueSnapshot snapshot, BooleanSupplier leader) {
		this(snapshot, leader, (name) -> true);
	}

	/**
	 * Meters whose {@code job} tag is {@code unknown} for names {@code knownJobs} does not accept: names read from
	 * payloads are untrusted, and each distinct one would make meters that are never freed.
	 */
	public ResqueMetrics(ResqueSnapshot snapshot, BooleanSupplier leader, Predicate<String> knownJobs) {
		this.snapshot = snapshot;
		this.leader = leader;
		this.knownJobs = knownJobs;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.queueLengths = MultiGauge.builder("resque.queue.length")
			.description("Jobs waiting in a queue")
			.baseUnit("jobs")
			.register(registry);
		Gauge.builder("resque.failed", this, (metrics) -> metrics.refreshed().failed())
			.description("Entries in the failed queue")
			.baseUnit("jobs")
			.register(registry);
		Gauge.builder("resque.delayed", this, (metrics) -> metrics.refreshed().delayed())
			.description("Delayed jobs not yet due or not yet moved")
			.baseUnit("jobs")
			.register(registry);
		Gauge.builder("resque.workers", this, (metrics) -> metrics.refreshed().workers())
			.description("Registered workers of every instance and language")
			.baseUnit("workers")
			.register(registry);
		Gauge.builder("resque.workers.busy", this, (metrics) -> metrics.refreshed().busyWorkers())
			.description("Workers running a job")
			.baseUnit("workers")
			.register(registry);
		Gauge.builder("resque.scheduler.leader", this, (metrics) -> metrics.leader.getAsBoolean() ? 1 : 0)
			.description("Whether this instance's scheduler is the leader (1) or not (0)")
			.register(registry);
	}

	private ResqueSnapshot.State refreshed() {
		ResqueSnapshot.State state = this.snapshot.state();
		MultiGauge rows = this.queueLengths;
		if (rows != null) {
			rows.register(state.queues()
				.entrySet()
				.stream()
				.map((queue) -> MultiGauge.Row.of(Tags.of("queue", queue.getKey()), queue.getValue()))
				.toList(), true);
		}
		return state;
	}

	@Override
	public void jobEnqueued(JobEnqueuedEvent event) {
		count("resque.jobs.enqueued", "Jobs enqueued", event.job());
	}

	@Override
	public void jobSucceeded(JobSucceededEvent event) {
		count("resque.jobs.processed", "Jobs performed successfully", event.job());
	}

	@Override
	public void jobFailed(JobFailedEvent event) {
		Job job = event.job();
		String name = (job != null) ? job.name() : UNKNOWN;
		counter("resque.jobs.failed", "Jobs written to the failed queue", event.queue(), name);
	}

	@Override
	public void jobRetryScheduled(JobRetryScheduledEvent event) {
		count("resque.jobs.retried", "Failed jobs scheduled to run again", event.job());
	}

	private void count(String name, String description, Job job) {
		counter(name, description, job.queue(), job.name());
	}

	private void counter(String name, String description, String queue, String jobName) {
		String job = this.knownJobs.test(jobName) ? jobName : UNKNOWN;
		MeterRegistry current = this.registry;
		if (current != null) {
			current.counter(name, Tags.of("queue", queue, "job", job)).increment();
		}
	}

}
