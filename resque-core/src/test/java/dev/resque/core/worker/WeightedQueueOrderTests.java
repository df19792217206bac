package dev.resque.core.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Weighted queue order serves each queue in proportion to its weight while all have jobs; strict starves. */
class WeightedQueueOrderTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private static final List<String> QUEUES = List.of("critical", "default", "low");

	private static final Map<String, Integer> WEIGHTS = Map.of("critical", 6, "default", 3, "low", 1);

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate redis;

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final List<String> served = Collections.synchronizedList(new ArrayList<>());

	private String ns;

	private ResqueKeys keys;

	private ResqueWorkerContainer container;

	@BeforeAll
	static void connect() {
		factory = RedisConnections.connectionFactory(TestRedis.get());
		redis = new StringRedisTemplate(factory);
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
	}

	@BeforeEach
	void setUp() {
		this.ns = TestRedis.newNamespace("Weighted");
		this.keys = new ResqueKeys(this.ns);
		this.support.register(new Served(this.served));
	}

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	@Test
	void theFirstQueueTriedIsDrawnInProportionToTheWeights() {
		QueueOrder order = QueueOrder.weighted(WEIGHTS);
		Map<String, Long> first = new java.util.HashMap<>();
		int draws = 100_000;
		for (int i = 0; i < draws; i++) {
			List<String> drawn = order.apply(QUEUES);
			assertThat(drawn).containsExactlyInAnyOrderElementsOf(QUEUES);
			first.merge(drawn.get(0), 1L, Long::sum);
		}
		assertThat(first.get("critical") / (double) draws).isCloseTo(0.6, within(0.015));
		assertThat(first.get("default") / (double) draws).isCloseTo(0.3, within(0.015));
		assertThat(first.get("low") / (double) draws).isCloseTo(0.1, within(0.015));
		assertThat(QueueOrder.strict().apply(QUEUES)).isSameAs(QUEUES);
		assertThatIllegalArgumentException().isThrownBy(() -> QueueOrder.weighted(Map.of("low", 0)))
			.withMessageContaining("weights are 1 or more");
	}

	@Test
	void weightedWorkersServeEveryQueueInProportionOverTenThousandJobs() {
		Map<String, Long> counts = drainFirst(10_000, QueueOrder.weighted(WEIGHTS));
		assertThat(counts.get("critical")).isBetween(5_700L, 6_300L);
		assertThat(counts.get("default")).isBetween(2_700L, 3_300L);
		assertThat(counts.get("low")).isBetween(800L, 1_200L);
	}

	@Test
	void strictWorkersEmptyTheFirstQueueBeforeTheOthers() {
		Map<String, Long> counts = drainFirst(6_000, QueueOrder.strict());
		assertThat(counts).containsOnlyKeys("critical");
	}

	/** Fills each queue with 7,000 jobs, and counts the queues of the first {@code jobs} served by 4 workers. */
	private Map<String, Long> drainFirst(int jobs, QueueOrder order) {
		ResqueTemplate resque = new ResqueTemplate(factory, this.keys, new JobCodec());
		for (String queue : QUEUES) {
			List<Job> fill = new ArrayList<>();
			for (int i = 0; i < 7_000; i++) {
				fill.add(Job.of(queue, "Served", queue));
			}
			resque.enqueueAll(fill);
		}
		this.container = this.support.container(factory, this.keys, POLL, Duration.ofSeconds(5),
				new WorkerPoolSettings("weighted", QUEUES, 4, POLL, order));
		this.container.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.served.size() >= jobs);
		this.container.stop();
		List<String> first;
		synchronized (this.served) {
			first = new ArrayList<>(this.served.subList(0, jobs));
		}
		return first.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	@ResqueJob(name = "Served")
	static class Served {

		private final List<String> served;

		Served(List<String> served) {
			this.served = served;
		}

		public void perform(String queue) {
			this.served.add(queue);
		}

	}

}
