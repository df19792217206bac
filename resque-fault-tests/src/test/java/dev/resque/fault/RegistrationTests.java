package dev.resque.fault;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.scheduler.StuckJobAction;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.JobRegistry;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registrations are Redis's, and Redis can lose them: a restart with nothing on disk, a peer pruning workers it
 * does not know. Live workers assert them again within a ping; stale pings after an outage, and this instance's
 * own live workers, are never taken for death.
 */
class RegistrationTests {

	private final RedisServerProcess server = RedisServerProcess.startOnFreePort();

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.server.host(),
			this.server.port(), 0, Duration.ofSeconds(1));

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final ResqueKeys keys = new ResqueKeys("resque");

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, new JobCodec());

	private final MemoryRecordedJob job = new MemoryRecordedJob();

	private ResqueWorkerContainer container;

	private ResqueScheduler scheduler;

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		this.factory.destroy();
		this.server.close();
	}

	@Test
	void workersAreVisibleAgainWithinAPingAfterRedisRestartsEmpty() {
		startWorkers(2, Duration.ofMillis(300));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.resque.workers().size() == 2);
		this.server.restartEmpty();
		assertThat(this.redis.keys("*")).isEmpty();
		await().atMost(Duration.ofSeconds(3)).untilAsserted(this::assertFullyRegistered);
		this.resque.enqueue("q", "Recorded", List.of("after-restart", 0));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.job.runs.containsKey("after-restart"));
	}

	@Test
	void workersPrunedByAPeerRegisterAgainWithinAPing() {
		startWorkers(2, Duration.ofMillis(300));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.resque.workers().size() == 2);
		// what Ruby Resque's prune_dead_workers does to workers whose pid it does not know
		for (WorkerRegistration worker : this.resque.workers()) {
			this.redis.opsForSet().remove(this.keys.workers(), worker.id());
			this.redis.delete(this.keys.workerStarted(worker.id()));
			this.redis.opsForHash().delete(this.keys.heartbeats(), worker.id());
		}
		assertThat(this.resque.workers()).isEmpty();
		await().atMost(Duration.ofSeconds(2)).untilAsserted(this::assertFullyRegistered);
	}

	@Test
	void anOutageLongerThanTheStuckTimeoutDoesNotMakeLiveWorkersDead() {
		startWorkers(2, Duration.ofMillis(200));
		// a scheduler that does not know these workers are local, as another instance's would be
		this.scheduler = scheduler();
		this.scheduler.start();
		this.resque.enqueue("q", "Recorded", List.of("long", 6_000));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.container.busyWorkers() == 1);

		this.server.pause();
		try {
			// health's view: the workers' pings do not reach Redis
			await().atMost(Duration.ofSeconds(3)).until(() -> !this.container.problems().isEmpty());
			assertThat(this.container.problems()).singleElement().asString().contains("have not pinged Redis");
			await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
		}
		finally {
			this.server.resume();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.container.problems().isEmpty());

		await().atMost(Duration.ofSeconds(15)).until(() -> this.job.runs.containsKey("long"));
		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(this.job.runs).containsEntry("long", 1L);
		assertThat(this.resque.length("q")).isZero();
		assertThat(this.resque.failedCount()).isZero();
		assertFullyRegistered();
	}

	@Test
	void theSchedulerNeverTakesItsOwnLiveWorkersForDead() {
		// pings every 10 s against a stuck timeout of 1 s: every ping is stale, the workers are alive
		startWorkers(2, Duration.ofSeconds(10));
		this.scheduler = scheduler();
		this.scheduler.setLocalLiveWorkers((name) -> this.container.liveWorkerNames().contains(name));
		this.scheduler.start();
		this.resque.enqueue("q", "Recorded", List.of("slow", 4_000));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.job.runs.containsKey("slow"));
		assertThat(this.job.runs).containsEntry("slow", 1L);
		assertThat(this.resque.workers()).extracting(WorkerRegistration::name)
			.containsExactlyInAnyOrderElementsOf(this.container.workerNames());
	}

	private void assertFullyRegistered() {
		assertThat(this.resque.workers()).extracting(WorkerRegistration::name)
			.containsExactlyInAnyOrderElementsOf(this.container.workerNames());
		for (WorkerRegistration worker : this.resque.workers()) {
			assertThat(this.redis.hasKey(this.keys.workerStarted(worker.id()))).isTrue();
			assertThat(this.redis.hasKey(this.keys.workerPing(worker.name()))).isTrue();
			assertThat(this.redis.opsForHash().hasKey(this.keys.heartbeats(), worker.id())).isTrue();
		}
	}

	private ResqueScheduler scheduler() {
		return new ResqueScheduler(this.factory, this.keys, new JobCodec(), new SchedulerSettings(Duration.ofMillis(200),
				Duration.ofSeconds(2), Duration.ofSeconds(1), StuckJobAction.REQUEUE, 100), List::of,
				new ResqueSchedulerListener() {
				});
	}

	private void startWorkers(int concurrency, Duration pingInterval) {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(MemoryRecordedJob.class), () -> this.job);
		JobCodec codec = new JobCodec();
		this.container = new ResqueWorkerContainer(this.factory, this.keys, codec, new JobInvoker(registry, codec),
				new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("registration", List.of("q"), concurrency, Duration.ofMillis(100))),
				pingInterval, Duration.ofSeconds(2));
		this.container.start();
	}

}
