package dev.resque.containers;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.annotation.DirtiesContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.queue.FailedJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop on the starter, with Redis in a container that {@code @ServiceConnection} hands to Spring Boot: jobs
 * enqueued through {@link ResqueOperations} are run by the auto-configured workers, a failing one lands in the
 * failed queue with its reason, and health is UP.
 */
// @Testcontainers first: its container then stops after Spring has closed the application
@Testcontainers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "resque.worker.concurrency=2", "management.endpoint.health.show-details=always" })
@DirtiesContext
class ResqueOnRedisContainerTests {

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
	void springBootConnectsToTheContainer(@Autowired DataRedisConnectionDetails redisConnection) {
		assertThat(redisConnection.getStandalone()).isNotNull();
		assertThat(redisConnection.getStandalone().getHost()).isEqualTo(redis.getHost());
		assertThat(redisConnection.getStandalone().getPort()).isEqualTo(redis.getMappedPort(6379));
	}

	@Test
	void workersRunEveryEnqueuedJobOnce() {
		List<String> orders = IntStream.rangeClosed(1, 20).mapToObj((n) -> "order-" + n).toList();
		orders.forEach((order) -> this.resque.enqueue(ShipOrder.class, order, 3));
		this.resque.enqueue("orders", "ShipOrder", List.of("order-raw", 1));
		this.resque.enqueueAll(List.of(this.resque.job(ShipOrder.class, "order-batch-1", 2),
				this.resque.job(ShipOrder.class, "order-batch-2", 2)));
		this.resque.enqueueIn(Duration.ofSeconds(1), ShipOrder.class, "order-delayed", 1);

		List<String> shipped = new ArrayList<>(orders);
		shipped.addAll(List.of("order-raw", "order-batch-1", "order-batch-2", "order-delayed"));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.runs.startingWith("order-").size() == shipped.size());
		assertThat(this.runs.startingWith("order-")).containsOnlyKeys(shipped)
			.allSatisfy((order, count) -> assertThat(count).as("runs of %s", order).isEqualTo(1));
		assertThat(this.admin.queues().length("orders")).isZero();
		assertThat(this.admin.delayed().count()).isZero();
	}

	@Test
	void aFailingJobLandsInTheFailedQueueWithItsReason() {
		this.resque.enqueue(ChargeCard.class, "card-4111-declined", new BigDecimal("42.50"));
		this.resque.enqueue(ChargeCard.class, "card-5500-accepted", new BigDecimal("10.00"));

		await().atMost(Duration.ofSeconds(20)).until(() -> failureOf("card-4111-declined") != null);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.runs.of("card-5500-accepted") == 1);
		FailedJob failed = failureOf("card-4111-declined");
		assertThat(failed.queue()).isEqualTo("payments");
		assertThat(failed.exception()).isEqualTo("java.lang.IllegalStateException");
		assertThat(failed.error()).isEqualTo("Card card-4111-declined declined a charge of 42.50");
		assertThat(failed.backtrace()).anySatisfy((line) -> assertThat(line).contains("ChargeCard.perform"));
		assertThat(failed.payload().name()).isEqualTo("ChargeCard");
		assertThat(failed.failedAt()).isNotNull();
		assertThat(this.runs.of("card-4111-declined")).isEqualTo(1);
		assertThat(failureOf("card-5500-accepted")).isNull();
	}

	@Test
	void healthIsUpWithTheWorkersRunning() throws Exception {
		ResqueHealth health = new ResqueHealth(this.port);
		await().atMost(Duration.ofSeconds(10)).until(() -> health.read().status().equals("UP"));
		ResqueHealth.Reading reading = health.read();
		assertThat(reading.httpStatus()).isEqualTo(200);
		assertThat(reading.details().path("localWorkers").asInt()).isEqualTo(2);
		assertThat(reading.details().path("registeredWorkers").asInt()).isEqualTo(2);
	}

	private FailedJob failureOf(String card) {
		return this.admin.failures()
			.range(0, -1)
			.stream()
			.filter((failed) -> failed.payload() != null && failed.payload().args().get(0).equals(card))
			.findFirst()
			.orElse(null);
	}

}
