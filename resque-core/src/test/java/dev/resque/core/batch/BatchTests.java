package dev.resque.core.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.JobTracking;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.queue.BatchStatus;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Batches against a real Redis, their members worked by three instances (each with its own connection): the
 * callbacks are enqueued exactly once, by the finish of whichever member ends last.
 */
class BatchTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate redis;

	private final JobCodec codec = new JobCodec();

	private final JobRegistry registry = new JobRegistry();

	private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

	private final List<ResqueWorkerContainer> containers = new ArrayList<>();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private String ns;

	private ResqueKeys keys;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

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
		this.ns = TestRedis.newNamespace("Batches");
		this.keys = new ResqueKeys(this.ns);
		Member.healed.set(false);
		this.registry.register(JobDefinition.of(Member.class), () -> new Member(this.runs));
		this.registry.register(JobDefinition.of(Callback.class), () -> new Callback(this.runs));
		EnqueuePipeline pipeline = EnqueuePipeline.plain(this.codec);
		this.resque = new ResqueTemplate(new RedisCalls(factory), this.keys, pipeline);
		this.admin = new ResqueAdmin(new RedisCalls(factory), this.keys, pipeline);
	}

	@AfterEach
	void tearDown() {
		this.containers.forEach(ResqueWorkerContainer::stop);
		this.connections.forEach(LettuceConnectionFactory::destroy);
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	@Test
	void aBatchOf1000JobsOnThreeInstancesFiresEachCallbackExactlyOnce() {
		for (int i = 0; i < 3; i++) {
			startInstance(2);
		}
		BatchResult batch = this.resque.batch()
			.description("a thousand")
			.onComplete(Callback.class, "complete")
			.onSuccess(Callback.class, "success")
			.enqueue((jobs) -> {
				for (int i = 0; i < 1_000; i++) {
					jobs.add(Member.class, "m" + i, false);
				}
			});
		assertThat(batch.jobs()).hasSize(1_000).allMatch(EnqueueResult::enqueued);
		await().atMost(WAIT).until(() -> count("complete") == 1 && count("success") == 1);
		assertThat(this.runs.keySet().stream().filter((name) -> name.startsWith("m"))).hasSize(1_000);
		BatchStatus status = this.admin.jobs().batch(batch.batchId()).orElseThrow();
		assertThat(status.total()).isEqualTo(1_000);
		assertThat(status.pending()).isZero();
		assertThat(status.succeeded()).isEqualTo(1_000);
		assertThat(status.failed()).isZero();
		assertThat(status.sealed()).isTrue();
		assertThat(status.isComplete()).isTrue();
		assertThat(status.description()).isEqualTo("a thousand");
		assertThat(status.succeededAt()).isNotNull();
		// each callback is a tracked job of its own
		await().atMost(WAIT).until(() -> this.admin.jobs().status(batch.onCompleteId()).orElseThrow().isEnded());
		assertThat(this.admin.jobs().status(batch.onSuccessId()).orElseThrow().jobName()).isEqualTo("Callback");
		assertThat(this.admin.jobs().status(batch.jobs().get(0).jobId()).orElseThrow().batchId()).isEqualTo(batch.batchId());
		// nothing fires twice, however long one waits
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(count("complete")).isOne();
		assertThat(count("success")).isOne();
	}

	@Test
	void aFailedMemberCompletesTheBatchWithoutSuccessUntilItSucceedsOnARetry() {
		startInstance(2);
		BatchResult batch = this.resque.batch()
			.onComplete(Callback.class, "complete")
			.onSuccess(Callback.class, "success")
			.enqueue((jobs) -> {
				jobs.add(Member.class, "fine", false);
				jobs.add(Member.class, "broken", true);
			});
		await().atMost(WAIT).until(() -> count("complete") == 1);
		BatchStatus complete = this.admin.jobs().batch(batch.batchId()).orElseThrow();
		assertThat(complete.failed()).isOne();
		assertThat(complete.succeeded()).isOne();
		assertThat(complete.succeededAt()).isNull();
		assertThat(count("success")).isZero();

		Member.healed.set(true);
		FailedJob failed = this.admin.failures().range(0, -1).get(0);
		assertThat(this.admin.failures().retry(failed)).isTrue();
		await().atMost(WAIT).until(() -> count("success") == 1);
		BatchStatus succeeded = this.admin.jobs().batch(batch.batchId()).orElseThrow();
		assertThat(succeeded.failed()).isZero();
		assertThat(succeeded.succeeded()).isEqualTo(2);
		assertThat(count("complete")).isOne();
	}

	@Test
	void aBatchWhoseMembersEndBeforeItIsSealedFiresWhenSealed() {
		startInstance(1);
		// the listener hears of each member once it is queued, before the batch is sealed: it waits for the run
		EnqueuePipeline waiting = new EnqueuePipeline(this.codec, JobPlugins.none(), new ResqueJobListener() {
			@Override
			public void jobEnqueued(JobEnqueuedEvent event) {
				await().atMost(WAIT).until(() -> BatchTests.this.runs.containsKey("quick"));
			}
		});
		ResqueTemplate resque = new ResqueTemplate(new RedisCalls(factory), this.keys, waiting);
		BatchResult batch = resque.batch()
			.onComplete(Callback.class, "complete")
			.enqueue((jobs) -> jobs.add(Member.class, "quick", false));
		await().atMost(WAIT).until(() -> count("complete") == 1);
		assertThat(this.admin.jobs().batch(batch.batchId()).orElseThrow().isComplete()).isTrue();
	}

	@Test
	void anEmptyBatchCompletesAtOnceAndBatchesNeedTracking() {
		startInstance(1);
		BatchResult batch = this.resque.batch().onComplete(Callback.class, "empty").enqueue((jobs) -> {
		});
		await().atMost(WAIT).until(() -> count("empty") == 1);
		assertThat(this.admin.jobs().batch(batch.batchId()).orElseThrow().total()).isZero();

		EnqueuePipeline untracked = EnqueuePipeline.plain(this.codec);
		untracked.setTracking(JobTracking.off());
		ResqueTemplate plain = new ResqueTemplate(new RedisCalls(factory), this.keys, untracked);
		assertThatIllegalStateException().isThrownBy(() -> plain.batch().enqueue((jobs) -> jobs.add(Job.of("q", "x"))))
			.withMessageContaining("Batches need job tracking");
	}

	private int count(String name) {
		AtomicInteger count = this.runs.get(name);
		return (count != null) ? count.get() : 0;
	}

	private void startInstance(int concurrency) {
		LettuceConnectionFactory connection = RedisConnections.connectionFactory(TestRedis.get());
		this.connections.add(connection);
		ResqueWorkerContainer container = new ResqueWorkerContainer(connection, this.keys, this.codec,
				new JobInvoker(this.registry, this.codec), new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("batch", List.of("batch"), concurrency, Duration.ofMillis(100))),
				Duration.ofSeconds(1), Duration.ofSeconds(5));
		container.start();
		this.containers.add(container);
	}

	@ResqueJob(name = "Member", queue = "batch")
	static class Member {

		static final java.util.concurrent.atomic.AtomicBoolean healed = new java.util.concurrent.atomic.AtomicBoolean();

		private final Map<String, AtomicInteger> runs;

		Member(Map<String, AtomicInteger> runs) {
			this.runs = runs;
		}

		public void perform(String name, boolean fails) {
			if (fails && !healed.get()) {
				throw new IllegalStateException("member " + name + " failed");
			}
			this.runs.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

	@ResqueJob(name = "Callback", queue = "batch")
	static class Callback {

		private final Map<String, AtomicInteger> runs;

		Callback(Map<String, AtomicInteger> runs) {
			this.runs = runs;
		}

		public void perform(String name) {
			this.runs.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
