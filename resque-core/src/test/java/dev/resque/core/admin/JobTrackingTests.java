package dev.resque.core.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.event.JobProgressEvent;
import dev.resque.core.event.JobStartedEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.JobTracking;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PluginSupport;
import dev.resque.core.plugin.Retry;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.JobStatus.State;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.JobContext;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Job tracking against a real Redis: each job enqueued here carries an id, and its status follows it through
 * every state (queued, delayed, running, retrying, succeeded, failed, cancelled), written by the scripts that move
 * it; the workers and the admin that reads the statuses use separate connections, as separate instances would.
 */
class JobTrackingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate redis;

	private final JobCodec codec = new JobCodec();

	private final JobRegistry registry = new JobRegistry();

	private final Gate gate = new Gate();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<ResqueWorkerContainer> containers = new ArrayList<>();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private ResqueScheduler scheduler;

	private String ns;

	private ResqueKeys keys;

	private EnqueuePipeline pipeline;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	private JobPlugins plugins;

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
		this.ns = TestRedis.newNamespace("Tracking");
		this.keys = new ResqueKeys(this.ns);
		this.registry.register(JobDefinition.of(Gated.class), () -> new Gated(this.gate));
		this.registry.register(JobDefinition.of(Flaky.class), () -> new Flaky(this.gate));
		this.registry.register(JobDefinition.of(Retried.class), () -> new Retried(this.gate));
		this.registry.register(JobDefinition.of(Reporting.class), () -> new Reporting(this.gate));
		this.registry.register(JobDefinition.of(Noop.class), Noop::new);
		build(JobTracking.defaults());
	}

	private void build(JobTracking tracking) {
		RedisCalls calls = new RedisCalls(factory);
		this.plugins = new JobPlugins(this.registry, List.of(), (type) -> null,
				new PluginSupport(redis, this.keys, this.codec, new DelayedSchedule(calls, this.keys, this.codec, () -> tracking)));
		this.pipeline = new EnqueuePipeline(this.codec, this.plugins, new ResqueJobListener() {
		});
		this.pipeline.setTracking(tracking);
		this.resque = new ResqueTemplate(calls, this.keys, this.pipeline);
		this.admin = new ResqueAdmin(calls, this.keys, this.pipeline);
	}

	@AfterEach
	void tearDown() {
		this.gate.open();
		this.containers.forEach(ResqueWorkerContainer::stop);
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		this.connections.forEach(LettuceConnectionFactory::destroy);
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	@Test
	void aJobIsQueuedThenRunningWhereAndSinceWhenThenSucceeded() throws Exception {
		Instant before = Instant.now().minusMillis(5);
		EnqueueResult result = this.resque.enqueue(Job.of("track", "Gated", "a"));
		assertThat(result.enqueued()).isTrue();
		String id = result.jobId();
		assertThat(JobIds.isId(id)).isTrue();
		// the id rides at the very end of the payload, where node-resque and Ruby Resque ignore it
		assertThat(redis.opsForList().range(this.keys.queue("track"), 0, -1))
			.containsExactly("{\"class\":\"Gated\",\"queue\":\"track\",\"args\":[\"a\"],\"id\":\"" + id + "\"}");
		JobStatus queued = status(id);
		assertThat(queued.state()).isEqualTo(State.QUEUED);
		assertThat(queued.jobName()).isEqualTo("Gated");
		assertThat(queued.queue()).isEqualTo("track");
		assertThat(queued.attempts()).isZero();
		assertThat(queued.enqueuedAt()).isBetween(before, Instant.now().plusMillis(5));

		startWorkers(1, tracking(), "track");
		assertThat(this.gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
		JobStatus running = status(id);
		assertThat(running.state()).isEqualTo(State.RUNNING);
		assertThat(running.attempts()).isOne();
		String worker = this.admin.workers().registered().get(0).name();
		assertThat(running.worker()).isEqualTo(worker);
		// since when, as the working-on record says it: to the second
		assertThat(running.startedAt()).isAfterOrEqualTo(queued.enqueuedAt().truncatedTo(ChronoUnit.SECONDS));
		assertThat(this.events).filteredOn(JobStartedEvent.class::isInstance)
			.extracting((event) -> ((JobStartedEvent) event).jobId())
			.containsExactly(id);

		this.gate.open();
		await().atMost(WAIT).until(() -> status(id).state() == State.SUCCEEDED);
		JobStatus succeeded = status(id);
		assertThat(succeeded.finishedAt()).isAfterOrEqualTo(running.startedAt());
		assertThat(succeeded.attempts()).isOne();
		assertThat(succeeded.lastError()).isNull();
		assertThat(this.admin.jobs().history(0, 10)).extracting(JobStatus::id).containsExactly(id);
		// an ended job's status expires with the history's retention
		assertThat(redis.getExpire(this.keys.job(id), TimeUnit.SECONDS))
			.isBetween(JobTracking.DEFAULT_HISTORY_RETENTION.toSeconds() - 60, JobTracking.DEFAULT_HISTORY_RETENTION.toSeconds());
	}

	@Test
	void aFailedJobKeepsItsErrorAndARetryFromTheFailedQueueKeepsItsId() {
		this.gate.open();
		this.gate.failuresLeft.set(1);
		String id = this.resque.enqueue(Job.of("track", "Flaky", "b")).jobId();
		startWorkers(1, tracking(), "track");
		await().atMost(WAIT).until(() -> status(id).state() == State.FAILED);
		JobStatus failed = status(id);
		assertThat(failed.lastError()).isEqualTo("java.lang.IllegalStateException: not this time");
		assertThat(failed.attempts()).isOne();
		FailedJob entry = this.admin.failures().range(0, -1).get(0);
		assertThat(entry.jobId()).isEqualTo(id);

		assertThat(this.admin.failures().retry(entry)).isTrue();
		await().atMost(WAIT).until(() -> status(id).state() == State.SUCCEEDED);
		JobStatus succeeded = status(id);
		assertThat(succeeded.attempts()).isEqualTo(2);
		assertThat(succeeded.lastError()).as("the last error stays after a later success")
			.isEqualTo("java.lang.IllegalStateException: not this time");
		assertThat(this.admin.jobs().history(0, 10)).extracting(JobStatus::id).containsExactly(id);
	}

	@Test
	void aRetriedJobIsRetryingWithItsAttemptsAndTheSameId() {
		this.gate.open();
		this.gate.failuresLeft.set(2);
		String id = this.resque.enqueue(Job.of("track", "Retried", "c")).jobId();
		List<State> seen = new CopyOnWriteArrayList<>();
		startScheduler();
		startWorkers(1, tracking(), "track");
		await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
			State state = status(id).state();
			if (seen.isEmpty() || seen.get(seen.size() - 1) != state) {
				seen.add(state);
			}
			return state == State.SUCCEEDED;
		});
		assertThat(seen).contains(State.RETRYING).endsWith(State.SUCCEEDED);
		JobStatus succeeded = status(id);
		assertThat(succeeded.attempts()).isEqualTo(3);
		assertThat(succeeded.lastError()).isEqualTo("java.lang.IllegalStateException: not this time");
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void aDelayedJobIsDelayedUntilItsTimeThenQueuedWithItsId() {
		Instant at = Instant.now().plusSeconds(2);
		EnqueueResult result = this.resque.enqueueAt(at, Job.of("track", "Noop", 1));
		String id = result.jobId();
		assertThat(result.enqueued()).isTrue();
		// the delayed entry stays as resque-scheduler writes it; the id is kept beside it
		long second = DelayedSchedule.second(at);
		assertThat(redis.opsForList().range(this.keys.delayed(second), 0, -1))
			.containsExactly(this.codec.encodeDelayed(Job.of("track", "Noop", 1)));
		JobStatus delayed = status(id);
		assertThat(delayed.state()).isEqualTo(State.DELAYED);
		assertThat(delayed.runAt()).isEqualTo(Instant.ofEpochSecond(second));
		// the same job in the same second is the same job: its id comes back
		EnqueueResult again = this.resque.enqueueAt(at, Job.of("track", "Noop", 1));
		assertThat(again).isEqualTo(new EnqueueResult(id, false));

		startScheduler();
		await().atMost(WAIT).until(() -> status(id).state() == State.QUEUED);
		assertThat(redis.opsForList().range(this.keys.queue("track"), 0, -1)).singleElement()
			.satisfies((payload) -> assertThat(JobIds.of(payload)).isEqualTo(id));
		startWorkers(1, tracking(), "track");
		await().atMost(WAIT).until(() -> status(id).state() == State.SUCCEEDED);
		assertThat(redis.keys(this.ns + ":delayed_id:*")).isEmpty();
	}

	@Test
	void progressReportedByAJobIsReadFromAnotherInstance() throws Exception {
		String id = this.resque.enqueue(Job.of("track", "Reporting", "d")).jobId();
		startWorkers(1, tracking(), "track");
		assertThat(this.gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
		// this admin has its own connection: as another instance reads it
		LettuceConnectionFactory other = connection();
		ResqueAdmin elsewhere = new ResqueAdmin(other, this.keys, this.codec);
		await().atMost(WAIT).until(() -> elsewhere.jobs().status(id).map(JobStatus::progress).orElse(null) != null);
		JobStatus halfway = elsewhere.jobs().status(id).orElseThrow();
		assertThat(halfway.state()).isEqualTo(State.RUNNING);
		assertThat(halfway.progress()).isEqualTo(50);
		assertThat(halfway.progressMessage()).isEqualTo("halfway through d");
		assertThat(this.events).filteredOn(JobProgressEvent.class::isInstance)
			.singleElement()
			.satisfies((event) -> {
				JobProgressEvent progress = (JobProgressEvent) event;
				assertThat(progress.jobId()).isEqualTo(id);
				assertThat(progress.percent()).isEqualTo(50);
				assertThat(progress.message()).isEqualTo("halfway through d");
			});
		this.gate.open();
		await().atMost(WAIT).until(() -> elsewhere.jobs().status(id).orElseThrow().state() == State.SUCCEEDED);
		assertThat(elsewhere.jobs().status(id).orElseThrow().progress()).isEqualTo(100);
	}

	@Test
	void aCancelledRunningJobIsCancelled() throws Exception {
		String id = this.resque.enqueue(Job.of("track", "Gated", "e")).jobId();
		startWorkers(1, tracking(), "track");
		assertThat(this.gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
		this.admin.cancel(Job.of("track", "Gated", "e"));
		await().atMost(WAIT).until(() -> status(id).state() == State.CANCELLED);
		assertThat(status(id).isEnded()).isTrue();
	}

	@Test
	void queuedAndDelayedJobsCancelledBeforeTheyRunAreCancelled() {
		String queued = this.resque.enqueue(Job.of("idle", "Noop", 6)).jobId();
		String delayed = this.resque.enqueueIn(Duration.ofHours(1), Job.of("idle", "Noop", 6)).jobId();
		String other = this.resque.enqueue(Job.of("idle", "Noop", 7)).jobId();
		assertThat(this.admin.cancel(Job.of("idle", "Noop", 6)).found()).isTrue();
		assertThat(status(queued).state()).isEqualTo(State.CANCELLED);
		assertThat(status(delayed).state()).isEqualTo(State.CANCELLED);
		assertThat(status(other).state()).isEqualTo(State.QUEUED);
		assertThat(this.admin.jobs().history(0, 10)).extracting(JobStatus::id).containsExactlyInAnyOrder(queued, delayed);
		assertThat(redis.keys(this.ns + ":delayed_id:*")).isEmpty();
	}

	@Test
	void withTrackingOffPayloadsAreResqueOnesAndNothingIsKept() {
		build(JobTracking.off());
		EnqueueResult result = this.resque.enqueue(Job.of("track", "Noop", 2));
		assertThat(result).isEqualTo(new EnqueueResult(null, true));
		assertThat(redis.opsForList().range(this.keys.queue("track"), 0, -1))
			.containsExactly("{\"class\":\"Noop\",\"queue\":\"track\",\"args\":[2]}");
		this.resque.enqueueIn(Duration.ofSeconds(1), Job.of("track", "Noop", 3));
		startScheduler();
		startWorkers(1, JobTracking.off(), "track");
		await().atMost(WAIT).until(() -> this.admin.stats().processed() == 2);
		assertThat(redis.keys(this.ns + ":job:*")).isEmpty();
		assertThat(redis.keys(this.ns + ":delayed_id:*")).isEmpty();
		assertThat(redis.hasKey(this.keys.history())).isFalse();
	}

	@Test
	void anotherProgramsJobIsNotTrackedAndGetsAStableDerivedId() {
		String foreign = "{\"class\":\"Noop\",\"queue\":\"track\",\"args\":[4]}";
		redis.opsForSet().add(this.keys.queues(), "track");
		redis.opsForList().rightPushAll(this.keys.queue("track"), foreign, foreign);
		startWorkers(1, tracking(), "track");
		await().atMost(WAIT).until(() -> this.admin.stats().processed() == 2);
		assertThat(redis.keys(this.ns + ":job:*")).isEmpty();
		assertThat(this.events).filteredOn(JobStartedEvent.class::isInstance)
			.extracting((event) -> ((JobStartedEvent) event).jobId())
			.hasSize(2)
			.allSatisfy((derived) -> assertThat(JobIds.isId(derived)).isTrue())
			.containsOnly(JobIds.derived("track", foreign.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
	}

	@Test
	void anIdNeverTrackedHasNoStatusAndTextThatIsNoIdIsRefused() {
		assertThat(this.admin.jobs().status(JobIds.next())).isEmpty();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.admin.jobs().status("../../etc"))
			.withMessageContaining("Not a job id");
	}

	@Test
	void theHistoryKeepsItsCapOver50000JobsWithinAFewMegabytes() {
		long maxHistory = 10_000;
		JobTracking capped = new JobTracking(true, JobTracking.DEFAULT_PENDING_RETENTION,
				JobTracking.DEFAULT_HISTORY_RETENTION, maxHistory);
		build(capped);
		long memoryBefore = usedMemory();
		List<Job> jobs = new ArrayList<>();
		for (int i = 0; i < 50_000; i++) {
			jobs.add(Job.of("bulk", "Noop", i));
		}
		List<EnqueueResult> results = this.resque.enqueueAll(jobs);
		assertThat(results).hasSize(50_000).allMatch(EnqueueResult::enqueued);
		assertThat(results.stream().map(EnqueueResult::jobId).distinct().count()).isEqualTo(50_000);
		assertThat(status(results.get(49_999).jobId()).state()).isEqualTo(State.QUEUED);
		startScheduler(capped);
		startWorkers(4, capped, "bulk");
		await().atMost(Duration.ofSeconds(120)).until(() -> this.admin.stats().processed() == 50_000);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.admin.jobs().historySize() <= maxHistory);
		this.scheduler.stop();
		long statuses = redis.keys(this.ns + ":job:*").size();
		assertThat(statuses).isEqualTo(this.admin.jobs().historySize());
		// the newest are kept, the oldest went
		assertThat(this.admin.jobs().status(results.get(0).jobId())).isEmpty();
		assertThat(this.admin.jobs().history(0, 1)).singleElement()
			.satisfies((newest) -> assertThat(newest.state()).isEqualTo(State.SUCCEEDED));
		long memoryAfter = usedMemory();
		long perJob = (memoryAfter - memoryBefore) / Math.max(1, statuses);
		System.out.println("History after 50,000 jobs: " + statuses + " statuses kept (cap " + maxHistory + "), Redis memory "
				+ (memoryAfter - memoryBefore) / 1024 + " KiB more than before, about " + perJob + " bytes each");
		// about 550 bytes an ended job (its status hash, its expiry and its place in the history): 10,000 take ~5.5 MB
		assertThat(memoryAfter - memoryBefore).as("Redis memory the capped history takes").isLessThan(8L * 1024 * 1024);
	}

	@Test
	void endedJobsLeaveTheHistoryAfterItsRetention() {
		JobTracking brief = new JobTracking(true, JobTracking.DEFAULT_PENDING_RETENTION, Duration.ofSeconds(1), 1_000);
		build(brief);
		String id = this.resque.enqueue(Job.of("track", "Noop", 5)).jobId();
		startWorkers(1, brief, "track");
		await().atMost(WAIT).until(() -> this.admin.jobs().historySize() == 1);
		startScheduler(brief);
		await().atMost(WAIT).until(() -> this.admin.jobs().historySize() == 0);
		assertThat(this.admin.jobs().status(id)).isEmpty();
	}

	private JobStatus status(String id) {
		return this.admin.jobs().status(id).orElseThrow(() -> new AssertionError("No status for job " + id));
	}

	private JobTracking tracking() {
		return JobTracking.defaults();
	}

	private long usedMemory() {
		String info = redis.execute((org.springframework.data.redis.core.RedisCallback<String>) (connection) -> connection
			.serverCommands()
			.info("memory")
			.getProperty("used_memory"));
		return Long.parseLong(info.trim());
	}

	private LettuceConnectionFactory connection() {
		LettuceConnectionFactory connection = RedisConnections.connectionFactory(TestRedis.get());
		this.connections.add(connection);
		return connection;
	}

	private void startWorkers(int concurrency, JobTracking tracking, String... queues) {
		ResqueWorkerContainer container = new ResqueWorkerContainer(connection(), this.keys, this.codec,
				new JobInvoker(this.registry, this.codec), this.plugins, new ResqueJobListener() {

					@Override
					public void jobStarted(JobStartedEvent event) {
						JobTrackingTests.this.events.add(event);
					}

					@Override
					public void jobProgress(JobProgressEvent event) {
						JobTrackingTests.this.events.add(event);
					}

				}, List.of(new WorkerPoolSettings("tracking", List.of(queues), concurrency, Duration.ofMillis(100))),
				Duration.ofSeconds(1), Duration.ofSeconds(5));
		container.setTracking(tracking);
		container.start();
		this.containers.add(container);
	}

	private void startScheduler() {
		startScheduler(JobTracking.defaults());
	}

	private void startScheduler(JobTracking tracking) {
		this.scheduler = new ResqueScheduler(connection(), this.keys, this.codec,
				new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60),
						StuckJobAction.REQUEUE, 100),
				List::of, new ResqueSchedulerListener() {
				}, this.pipeline);
		this.scheduler.setTracking(tracking);
		this.scheduler.start();
	}

	/** Holds gated jobs until opened; counts how many more times a flaky job fails. */
	static final class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch opened = new CountDownLatch(1);

		final AtomicInteger failuresLeft = new AtomicInteger();

		final Map<String, Integer> runs = new ConcurrentHashMap<>();

		void open() {
			this.opened.countDown();
		}

		void pass() throws InterruptedException {
			this.entered.countDown();
			if (!this.opened.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The gate was never opened");
			}
		}

	}

	@ResqueJob(name = "Gated", queue = "track")
	static class Gated {

		private final Gate gate;

		Gated(Gate gate) {
			this.gate = gate;
		}

		public void perform(String name) throws InterruptedException {
			this.gate.pass();
		}

	}

	@ResqueJob(name = "Flaky", queue = "track")
	static class Flaky {

		private final Gate gate;

		Flaky(Gate gate) {
			this.gate = gate;
		}

		public void perform(String name) {
			if (this.gate.failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("not this time");
			}
		}

	}

	@ResqueJob(name = "Retried", queue = "track")
	@Retry(limit = 3, delay = "200ms")
	static class Retried {

		private final Gate gate;

		Retried(Gate gate) {
			this.gate = gate;
		}

		public void perform(String name) {
			if (this.gate.failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("not this time");
			}
		}

	}

	@ResqueJob(name = "Reporting", queue = "track")
	static class Reporting {

		private final Gate gate;

		Reporting(Gate gate) {
			this.gate = gate;
		}

		public void perform(String name) throws InterruptedException {
			JobContext.current().progress(50, "halfway through " + name);
			this.gate.pass();
			JobContext.current().progress(100);
		}

	}

	@ResqueJob(name = "Noop", queue = "track")
	static class Noop {

		public void perform(int n) {
		}

	}

}
