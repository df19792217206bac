package dev.resque.core.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Spring Data Redis over Jedis instead of Lettuce, as an application that chose Jedis has it: a blocking client
 * that holds a thread for a subscription and cannot publish inside a pipeline.
 */
class JedisClientTests {

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final ResqueWorkerContainerTests.Recorder recorder = new ResqueWorkerContainerTests.Recorder();

	private JedisConnectionFactory factory;

	private String ns;

	private ResqueKeys keys;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	private final List<Runnable> stops = new ArrayList<>();

	@BeforeEach
	void setUp() {
		TestRedis redis = TestRedis.get();
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(redis.host(), redis.port());
		server.setDatabase(redis.database());
		this.factory = new JedisConnectionFactory(server, JedisClientConfiguration.builder().usePooling().build());
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.ns = TestRedis.newNamespace("Jedis");
		this.keys = new ResqueKeys(this.ns);
		this.resque = new ResqueTemplate(this.factory, this.keys, new JobCodec());
		this.admin = new ResqueAdmin(this.factory, this.keys, new JobCodec());
		this.support.register(new ResqueWorkerContainerTests.Add(this.recorder));
		this.support.register(new ResqueWorkerContainerTests.Boom());
	}

	@AfterEach
	void tearDown() {
		this.stops.forEach(Runnable::run);
		RedisConnections.deleteNamespace(new StringRedisTemplate(this.factory), this.ns);
		this.factory.destroy();
	}

	@Test
	void workersStartEnqueuedJobsRunAndFailuresAreRecorded() {
		ResqueWorkerContainer container = this.support.container(this.factory, this.keys, Duration.ofSeconds(5),
				Duration.ofSeconds(5), WorkerTestSupport.pool(2, Duration.ofSeconds(5), "math", "boom"));
		// the wake-up subscription must not take the starting thread
		assertTimeoutPreemptively(Duration.ofSeconds(10), container::start);
		this.stops.add(container::stop);
		List<Job> batch = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			batch.add(Job.of("math", "add", i, 1));
		}
		assertThat(this.resque.enqueueAll(batch).stream().filter((result) -> result.enqueued()).count()).isEqualTo(50);
		this.resque.enqueue("math", "add", List.of(100, 1));
		this.resque.enqueue("boom", "Boom", List.of("kaboom"));
		// the poll interval is 5 s: only the wake-ups can make this in time
		await().atMost(Duration.ofSeconds(4)).until(() -> this.admin.stats().processed() == 51
				&& this.admin.failures().count() == 1);
		assertThat(this.recorder.calls).hasSize(51).contains("add 0 1", "add 49 1", "add 100 1");
		assertThat(this.admin.failures().range(0, 1).get(0).error()).isEqualTo("kaboom");
	}

	@Test
	void schedulerMovesDueJobs() {
		this.resque.enqueueAt(Instant.now().minusSeconds(5), "math", "add", List.of(1, 2));
		ResqueScheduler scheduler = new ResqueScheduler(this.factory, this.keys, new JobCodec(),
				new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(2),
						StuckJobAction.REQUEUE, 2),
				List::of, new ResqueSchedulerListener() {
				});
		assertTimeoutPreemptively(Duration.ofSeconds(10), scheduler::start);
		this.stops.add(scheduler::stop);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("math") == 1);
		assertThat(this.admin.queues().jobs("math", 0, 0)).containsExactly(Job.of("math", "add", 1, 2));
	}

}
