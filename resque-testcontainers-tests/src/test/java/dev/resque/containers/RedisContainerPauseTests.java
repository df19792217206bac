package dev.resque.containers;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.annotation.DirtiesContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis container is paused (its processes frozen, its port still open: Redis hangs rather than refuses)
 * while jobs wait in their queue: health turns DOWN within its two-second timeout, and once the container is
 * unpaused the workers carry on and every job runs.
 */
// @Testcontainers first: its container then stops after Spring has closed the application
@Testcontainers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "resque.worker.concurrency=2", "spring.data.redis.timeout=2s",
				"management.endpoint.health.show-details=always" })
@DirtiesContext
class RedisContainerPauseTests {

	private static final int PARCELS = 40;

	/** Two workers take about two seconds for the forty parcels: most still wait when Redis freezes. */
	private static final long PACKING_MILLIS = 100;

	@Container
	@ServiceConnection(name = "redis")
	static GenericContainer<?> redis = new GenericContainer<>(RedisImage.NAME).withExposedPorts(6379);

	@Autowired
	ResqueOperations resque;

	@Autowired
	ResqueAdmin admin;

	@Autowired
	JobRuns runs;

	@LocalServerPort
	int port;

	@Test
	void healthTurnsDownWhileRedisIsPausedAndNoQueuedJobIsLost() throws Exception {
		ResqueHealth health = new ResqueHealth(this.port);
		await().atMost(Duration.ofSeconds(10)).until(() -> health.read().status().equals("UP"));
		List<String> parcels = IntStream.rangeClosed(1, PARCELS).mapToObj((n) -> "parcel-" + n).toList();
		this.resque.enqueueAll(
				parcels.stream().map((parcel) -> this.resque.job(PackParcel.class, parcel, PACKING_MILLIS)).toList());

		pause();
		int ranBeforeThePause;
		try {
			ranBeforeThePause = this.runs.startingWith("parcel-").size();
			long paused = System.nanoTime();
			ResqueHealth.Reading down = await().atMost(Duration.ofSeconds(10))
				.until(health::read, (reading) -> reading.status().equals("DOWN"));
			Duration tookToTurnDown = Duration.ofNanos(System.nanoTime() - paused);
			assertThat(down.httpStatus()).isEqualTo(503);
			assertThat(down.details().path("reason").asString()).isEqualTo("Redis did not answer within PT2S");
			assertThat(tookToTurnDown).isLessThan(Duration.ofSeconds(5));
			// one more answer while frozen: longer than the client's two-second timeout in all
			assertThat(health.read().status()).isEqualTo("DOWN");
		}
		finally {
			unpause();
		}
		assertThat(ranBeforeThePause).as("parcels packed before Redis froze").isLessThan(PARCELS);

		await().atMost(Duration.ofSeconds(30)).until(() -> this.runs.startingWith("parcel-").size() == PARCELS);
		Map<String, Integer> packed = this.runs.startingWith("parcel-");
		assertThat(packed).containsOnlyKeys(parcels);
		// a job a worker held when Redis froze may run again once it answers (at least once): at most one a worker
		long repeats = packed.values().stream().mapToLong((count) -> count - 1).sum();
		assertThat(repeats).as("runs beyond the first").isLessThanOrEqualTo(2);
		await().atMost(Duration.ofSeconds(15)).until(() -> health.read().status().equals("UP"));
		assertThat(this.admin.queues().length("parcels")).isZero();
		assertThat(this.admin.failures().count()).isZero();
	}

	private static void pause() {
		redis.getDockerClient().pauseContainerCmd(redis.getContainerId()).exec();
	}

	private static void unpause() {
		redis.getDockerClient().unpauseContainerCmd(redis.getContainerId()).exec();
	}

}
