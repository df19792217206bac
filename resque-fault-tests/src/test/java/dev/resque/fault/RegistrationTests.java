package dev.resque.fault;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.queue.WorkerRegistration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Registrations are Redis's, and Redis can lose them: a restart with nothing on disk, a peer pruning workers it
 * does not know. Live workers assert them again within a ping; stale pings after an outage, and this instance's
 * own live workers, are never taken for death.
 */
class RegistrationTests extends FaultTestSupport {

	@Test
	void workersAreVisibleAgainWithinAPingAfterRedisRestartsEmpty() {
		startWorkers(2, Duration.ofMillis(300));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.workers().registered().size() == 2);
		this.server.restartEmpty();
		assertThat(this.redis.keys("*")).isEmpty();
		await().atMost(Duration.ofSeconds(3)).untilAsserted(this::assertFullyRegistered);
		this.resque.enqueue("q", "Recorded", List.of("after-restart", 0));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.job.runs.containsKey("after-restart"));
	}

	@Test
	void workersPrunedByAPeerRegisterAgainWithinAPing() {
		startWorkers(2, Duration.ofMillis(300));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.workers().registered().size() == 2);
		// what Ruby Resque's prune_dead_workers does to workers whose pid it does not know
		for (WorkerRegistration worker : this.admin.workers().registered()) {
			this.redis.opsForSet().remove(this.keys.workers(), worker.id());
			this.redis.delete(this.keys.workerStarted(worker.id()));
			this.redis.opsForHash().delete(this.keys.heartbeats(), worker.id());
		}
		assertThat(this.admin.workers().registered()).isEmpty();
		await().atMost(Duration.ofSeconds(2)).untilAsserted(this::assertFullyRegistered);
	}

	@Test
	void anOutageLongerThanTheStuckTimeoutDoesNotMakeLiveWorkersDead() {
		startWorkers(2, Duration.ofMillis(200));
		// a scheduler that does not know these workers are local, as another instance's would be; its stuck timeout
		// (3 s) is far above the ping interval (200 ms) plus a ping's one-second resolution, far below the outage
		scheduler(List.of(), Duration.ofSeconds(3));
		this.scheduler.start();
		this.resque.enqueue("q", "Recorded", List.of("long", 9_000));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.container.busyWorkers() == 1);

		this.server.pause();
		try {
			// health's view: the workers' pings do not reach Redis
			await().atMost(Duration.ofSeconds(3)).until(() -> !this.container.problems().isEmpty());
			assertThat(this.container.problems()).singleElement().asString().contains("have not pinged Redis");
			await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
		}
		finally {
			this.server.resume();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.container.problems().isEmpty());

		await().atMost(Duration.ofSeconds(15)).until(() -> this.job.runs.containsKey("long"));
		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(this.job.runs).containsEntry("long", 1L);
		assertThat(this.admin.queues().length("q")).isZero();
		assertThat(this.admin.failures().count()).isZero();
		assertFullyRegistered();
	}

	@Test
	void theSchedulerNeverTakesItsOwnLiveWorkersForDead() {
		// pings every 10 s against a stuck timeout of 1 s: every ping is stale, the workers are alive
		startWorkers(2, Duration.ofSeconds(10));
		scheduler(List.of());
		this.scheduler.setLocalLiveWorkers((name) -> this.container.liveWorkerNames().contains(name));
		this.scheduler.start();
		this.resque.enqueue("q", "Recorded", List.of("slow", 4_000));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.job.runs.containsKey("slow"));
		assertThat(this.job.runs).containsEntry("slow", 1L);
		assertThat(this.admin.workers().registered()).extracting(WorkerRegistration::name)
			.containsExactlyInAnyOrderElementsOf(this.container.workerNames());
	}

	private void assertFullyRegistered() {
		assertThat(this.admin.workers().registered()).extracting(WorkerRegistration::name)
			.containsExactlyInAnyOrderElementsOf(this.container.workerNames());
		for (WorkerRegistration worker : this.admin.workers().registered()) {
			assertThat(this.redis.hasKey(this.keys.workerStarted(worker.id()))).isTrue();
			assertThat(this.redis.hasKey(this.keys.workerPing(worker.name()))).isTrue();
			assertThat(this.redis.opsForHash().hasKey(this.keys.heartbeats(), worker.id())).isTrue();
		}
	}

}
