package dev.resque.fault;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

/**
 * A Redis server of the test's own (to pause, kill and restart), a client that gives up after one second, and
 * workers and schedulers in this JVM with fast settings; everything is stopped after each test.
 */
abstract class FaultTestSupport {

	final RedisServerProcess server = startServer();

	final LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.server.host(), this.server.port(),
			0, Duration.ofSeconds(1));

	final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	final ResqueKeys keys = new ResqueKeys("resque");

	final JobCodec codec = new JobCodec();

	final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, this.codec);

	final ResqueAdmin admin = new ResqueAdmin(this.factory, this.keys, this.codec);

	final MemoryRecordedJob job = new MemoryRecordedJob();

	ResqueWorkerContainer container;

	ResqueScheduler scheduler;

	/** The server the test runs against: without persistence unless a test class needs it. */
	RedisServerProcess startServer() {
		return RedisServerProcess.startOnFreePort();
	}

	@AfterEach
	void stopEverything() {
		if (this.container != null) {
			this.container.stop();
		}
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		this.factory.destroy();
		this.server.close();
	}

	/** Workers on queue {@code q} running {@link MemoryRecordedJob}, not started yet (to set them up first). */
	ResqueWorkerContainer workers(int concurrency, Duration pingInterval, ResqueJobListener listener) {
		return workers(List.of("q"), concurrency, pingInterval, listener);
	}

	/** Workers on the given queues running {@link MemoryRecordedJob}, not started yet. */
	ResqueWorkerContainer workers(List<String> queues, int concurrency, Duration pingInterval,
			ResqueJobListener listener) {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(MemoryRecordedJob.class), () -> this.job);
		this.container = new ResqueWorkerContainer(this.factory, this.keys, this.codec,
				new JobInvoker(registry, this.codec), listener,
				List.of(new WorkerPoolSettings("fault", queues, concurrency, Duration.ofMillis(100))), pingInterval,
				Duration.ofSeconds(2));
		return this.container;
	}

	ResqueWorkerContainer startWorkers(int concurrency, Duration pingInterval) {
		ResqueWorkerContainer workers = workers(concurrency, pingInterval, new ResqueJobListener() {
		});
		workers.start();
		return workers;
	}

	/** A scheduler polling every 200 ms, with a 2 s leader lock and a 1 s stuck-worker timeout; not started. */
	ResqueScheduler scheduler(List<RecurringJob> recurring) {
		return scheduler(recurring, Duration.ofSeconds(1));
	}

	/**
	 * A scheduler polling every 200 ms with a 2 s leader lock; not started. Pings are whole seconds, so a live
	 * worker's ping can look up to a second older than it is: a timeout meant to spare live workers needs that
	 * second on top of the ping interval.
	 */
	ResqueScheduler scheduler(List<RecurringJob> recurring, Duration stuckWorkerTimeout) {
		this.scheduler = new ResqueScheduler(this.factory, this.keys, this.codec, new SchedulerSettings(
				Duration.ofMillis(200), Duration.ofSeconds(2), stuckWorkerTimeout, StuckJobAction.REQUEUE, 100),
				() -> recurring, new ResqueSchedulerListener() {
				});
		return this.scheduler;
	}

}
