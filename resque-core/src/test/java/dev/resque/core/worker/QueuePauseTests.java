package dev.resque.core.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A paused queue is passed over by the workers of three instances (each its own connection) while jobs keep
 * arriving on it and on an open queue; on resume it drains, each job once.
 */
class QueuePauseTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final Map<String, Integer> runs = new ConcurrentHashMap<>();

	private Instances instances;

	private ResqueKeys keys;

	private StringRedisTemplate redis;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	@BeforeEach
	void setUp() {
		this.instances = new Instances("Pause", this.support);
		this.keys = this.instances.keys;
		this.redis = this.instances.redis;
		this.resque = this.instances.resque;
		this.admin = this.instances.admin;
		this.support.register(new Count(this.runs));
	}

	@AfterEach
	void tearDown() {
		this.instances.close();
	}

	@Test
	void aPausedQueueIsPassedOverByEveryInstanceUntilResumed() throws Exception {
		assertThat(this.admin.queues().pause("held")).isTrue();
		assertThat(this.admin.queues().pause("held")).isFalse();
		for (int i = 0; i < 3; i++) {
			this.instances.start(POLL, pool(2, POLL, "held", "open"), (instance) -> {
			});
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
		this.instances.start(POLL, pool(1, POLL, "held"), (instance) -> {
		});
		this.resque.enqueue("held", "Count", List.of("held-1"));
		await().atMost(Duration.ofSeconds(5)).until(() -> runsOf("held-") == 1);
	}

	private long runsOf(String prefix) {
		return this.runs.keySet().stream().filter((job) -> job.startsWith(prefix)).count();
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
