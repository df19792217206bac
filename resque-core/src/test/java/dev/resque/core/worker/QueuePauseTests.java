package dev.resque.core.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A paused queue is passed over by the workers of three instances (each its own connection) while jobs keep
 * arriving on it and on an open queue; on resume it drains, each job once.
 */
class QueuePauseTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private final TestRedis server = TestRedis.get();

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final Map<String, Integer> runs = new ConcurrentHashMap<>();

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final List<ResqueWorkerContainer> instances = new ArrayList<>();

	private String ns;

	private ResqueKeys keys;

	private StringRedisTemplate redis;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	@BeforeEach
	void setUp() {
		this.ns = TestRedis.newNamespace("Pause");
		this.keys = new ResqueKeys(this.ns);
		LettuceConnectionFactory client = connection();
		this.redis = new StringRedisTemplate(client);
		this.resque = new ResqueTemplate(client, this.keys, new JobCodec());
		this.admin = new ResqueAdmin(client, this.keys, new JobCodec());
		this.support.register(new Count(this.runs));
	}

	@AfterEach
	void tearDown() {
		this.instances.forEach(ResqueWorkerContainer::stop);
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void aPausedQueueIsPassedOverByEveryInstanceUntilResumed() throws Exception {
		assertThat(this.admin.queues().pause("held")).isTrue();
		assertThat(this.admin.queues().pause("held")).isFalse();
		for (int i = 0; i < 3; i++) {
			ResqueWorkerContainer instance = this.support.container(connection(), this.keys, POLL, Duration.ofSeconds(5),
					pool(2, POLL, "held", "open"));
			instance.start();
			this.instances.add(instance);
		}
		// jobs keep arriving on both queues for two seconds, the paused one first in priority order
		for (int i = 0; i < 40; i++) {
			this.resque.enqueue("held", "Count", List.of("held-" + i));
			this.resque.enqueue("open", "Count", List.of("open-" + i));
			Thread.sleep(50);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("open-") == 40);
		Thread.sleep(POLL.multipliedBy(3).toMillis());
		assertThat(runsOf("held-")).isZero();
		assertThat(this.admin.queues().length("held")).isEqualTo(40);
		assertThat(this.admin.queues().paused()).containsExactly("held");
		assertThat(this.admin.queues().isPaused("held")).isTrue();
		assertThat(this.admin.queues().isPaused("open")).isFalse();

		assertThat(this.admin.queues().resume("held")).isTrue();
		assertThat(this.admin.queues().resume("held")).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> runsOf("held-") == 40);
		assertThat(this.runs).hasSize(80).allSatisfy((job, count) -> assertThat(count).as(job).isEqualTo(1));
		assertThat(this.admin.queues().length("held")).isZero();
		assertThat(this.admin.queues().paused()).isEmpty();
	}

	@Test
	void aPausedSetOfAnotherTypePausesNothing() {
		this.redis.opsForValue().set(this.keys.pausedQueues(), "not a set");
		ResqueWorkerContainer instance = this.support.container(connection(), this.keys, POLL, Duration.ofSeconds(5),
				pool(1, POLL, "held"));
		instance.start();
		this.instances.add(instance);
		this.resque.enqueue("held", "Count", List.of("held-1"));
		await().atMost(Duration.ofSeconds(5)).until(() -> runsOf("held-") == 1);
	}

	private long runsOf(String prefix) {
		return this.runs.keySet().stream().filter((job) -> job.startsWith(prefix)).count();
	}

	private LettuceConnectionFactory connection() {
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.server);
		this.factories.add(factory);
		return factory;
	}

	@ResqueJob(name = "Count")
	static class Count {

		private final Map<String, Integer> runs;

		Count(Map<String, Integer> runs) {
			this.runs = runs;
		}

		public void perform(String id) {
			this.runs.merge(id, 1, Integer::sum);
		}

	}

}
