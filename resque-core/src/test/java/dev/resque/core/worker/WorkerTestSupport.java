package dev.resque.core.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.JobCancelledEvent;
import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.event.JobStartedEvent;
import dev.resque.core.event.JobSucceededEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.WorkerHungEvent;
import dev.resque.core.event.WorkerStartedEvent;
import dev.resque.core.event.WorkerStoppedEvent;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.redis.ResqueKeys;

/** Builds worker containers over real Redis with jobs registered directly, and records their events. */
final class WorkerTestSupport {

	final JobRegistry registry = new JobRegistry();

	final Events events = new Events();

	void register(Object job) {
		this.registry.register(JobDefinition.of(job.getClass()), () -> job);
	}

	ResqueWorkerContainer container(RedisConnectionFactory factory, ResqueKeys keys, Duration pollInterval,
			Duration shutdownTimeout, WorkerPoolSettings... pools) {
		JobCodec codec = new JobCodec();
		return new ResqueWorkerContainer(factory, keys, codec, new JobInvoker(this.registry, codec), this.events,
				List.of(pools), Duration.ofMillis(200), shutdownTimeout);
	}

	static WorkerPoolSettings pool(int concurrency, Duration pollInterval, String... queues) {
		return new WorkerPoolSettings("test", List.of(queues), concurrency, pollInterval);
	}

	static final class Events implements ResqueJobListener {

		final List<JobStartedEvent> started = new CopyOnWriteArrayList<>();

		final List<JobSucceededEvent> succeeded = new CopyOnWriteArrayList<>();

		final List<JobFailedEvent> failed = new CopyOnWriteArrayList<>();

		final List<WorkerStartedEvent> workersStarted = new CopyOnWriteArrayList<>();

		final List<WorkerStoppedEvent> workersStopped = new CopyOnWriteArrayList<>();

		final List<WorkerHungEvent> workersHung = new CopyOnWriteArrayList<>();

		final List<JobCancelledEvent> cancelled = new CopyOnWriteArrayList<>();

		@Override
		public void jobStarted(JobStartedEvent event) {
			this.started.add(event);
		}

		@Override
		public void jobSucceeded(JobSucceededEvent event) {
			this.succeeded.add(event);
		}

		@Override
		public void jobFailed(JobFailedEvent event) {
			this.failed.add(event);
		}

		@Override
		public void workerStarted(WorkerStartedEvent event) {
			this.workersStarted.add(event);
		}

		@Override
		public void workerStopped(WorkerStoppedEvent event) {
			this.workersStopped.add(event);
		}

		@Override
		public void jobCancelled(JobCancelledEvent event) {
			this.cancelled.add(event);
		}

		@Override
		public void workerHung(WorkerHungEvent event) {
			this.workersHung.add(event);
		}

	}

}
