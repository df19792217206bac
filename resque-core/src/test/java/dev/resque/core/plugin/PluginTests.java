package dev.resque.core.plugin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.core.worker.JobArgumentsException;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.UnknownJobException;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each plugin alone and together, against real Redis with real workers and a real scheduler. */
class PluginTests {

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate redis;

	private final JobCodec codec = new JobCodec();

	private final JobRegistry registry = new JobRegistry();

	private final List<ResquePlugin> globals = new ArrayList<>();

	private final Map<Class<?>, ResquePlugin> pluginBeans = new java.util.HashMap<>();

	private final Tracker tracker = new Tracker();

	private final ListAppender<ILoggingEvent> retryLog = new ListAppender<>();

	private String ns;

	private ResqueKeys keys;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	private JobPlugins plugins;

	private EnqueuePipeline pipeline;

	private final List<ResqueWorkerContainer> containers = new ArrayList<>();

	private ResqueScheduler scheduler;

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
		this.ns = TestRedis.newNamespace("Plugins");
		this.keys = new ResqueKeys(this.ns);
		register(new UniqueJob(this.tracker));
		register(new NotWhileDelayed(this.tracker));
		register(new Exclusive(this.tracker));
		register(new ExclusiveOrDropped(this.tracker));
		register(new Flaky(this.tracker));
		register(new Hopeless(this.tracker));
		register(new Picky(this.tracker));
		register(new Audited(this.tracker));
		register(new Strict(this.tracker));
		register(new PerCustomer(this.tracker));
		register(new Finishing(this.tracker));
		register(new UntilDone(this.tracker));
		register(new PerAccount(this.tracker));
		buildTemplate();
		this.retryLog.start();
		((Logger) LoggerFactory.getLogger(RetryPlugin.class)).addAppender(this.retryLog);
	}

	private void buildTemplate() {
		RedisCalls calls = new RedisCalls(factory);
		this.plugins = new JobPlugins(this.registry, this.globals, (type) -> this.pluginBeans.get(type),
				new PluginSupport(redis, this.keys, this.codec, new DelayedSchedule(calls, this.keys, this.codec)));
		this.pipeline = new EnqueuePipeline(this.codec, this.plugins, new ResqueJobListener() {
			@Override
			public void jobEnqueued(JobEnqueuedEvent event) {
				PluginTests.this.tracker.enqueued.add(event.job().name() + " " + event.job().args());
			}
		});
		this.resque = new ResqueTemplate(calls, this.keys, this.pipeline);
		this.admin = new ResqueAdmin(calls, this.keys, this.pipeline);
	}

	@AfterEach
	void tearDown() {
		((Logger) LoggerFactory.getLogger(RetryPlugin.class)).detachAppender(this.retryLog);
		this.containers.forEach(ResqueWorkerContainer::stop);
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	private void register(Object job) {
		this.registry.register(JobDefinition.of(job.getClass()), () -> job);
	}

	private void startWorkers(int concurrency, String... queues) {
		ResqueWorkerContainer container = new ResqueWorkerContainer(factory, this.keys, this.codec,
				new JobInvoker(this.registry, this.codec), this.plugins, new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("plugins", List.of(queues), concurrency, Duration.ofMillis(100))),
				Duration.ofSeconds(1), Duration.ofSeconds(5));
		container.start();
		this.containers.add(container);
	}

	private void startScheduler() {
		startScheduler(List.of());
	}

	private void startScheduler(List<RecurringJob> recurring) {
		this.scheduler = new ResqueScheduler(factory, this.keys, this.codec, new SchedulerSettings(Duration.ofMillis(100),
				Duration.ofSeconds(5), Duration.ofSeconds(60), StuckJobAction.REQUEUE, 100), () -> recurring,
				new ResqueSchedulerListener() {
				}, this.pipeline);
		this.scheduler.start();
	}

	// ---- one enqueue pipeline for every path

	@Test
	void recurringFiringsPassTheQueueLock() {
		// fired every second, but the copy waiting on its queue holds the lock: the later firings are skipped
		startScheduler(List.of(RecurringJob.every("unique", Job.of("q", "UniqueJob", 7), Duration.ofSeconds(1))));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("q") == 1);
		String lastFired = redis.<String, String>opsForHash().get(this.keys.scheduleLastFired(), "unique");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !lastFired.equals(redis.<String, String>opsForHash().get(this.keys.scheduleLastFired(), "unique")));
		assertThat(this.admin.queues().length("q")).isEqualTo(1);
		assertThat(this.admin.locks().all()).containsKey("lock:UniqueJob:q:[7]");
	}

	@Test
	void delayedMovesRetriesAndEnqueuesNowReachTheListener() {
		this.resque.enqueueAt(Instant.now().minusSeconds(1), "q", "Plain", List.of("moved"));
		startScheduler();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("q") == 1);
		assertThat(this.tracker.enqueued).containsExactly("Plain [moved]");

		this.resque.enqueueAt(Instant.now().plusSeconds(3600), "q", "Plain", List.of("now"));
		this.resque.enqueueAt(Instant.now().plusSeconds(7200), "q", "Plain", List.of("now"));
		assertThat(this.admin.delayed().enqueueNow("q", "Plain", List.of("now"))).hasSize(2);
		assertThat(this.admin.queues().jobs("q", 0, -1)).extracting(Job::args)
			.containsExactly(List.of("moved"), List.of("now"));
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		assertThat(this.admin.delayed().enqueueNow("q", "Plain", List.of("now"))).isEmpty();
		assertThat(this.tracker.enqueued).containsExactly("Plain [moved]", "Plain [now]");
	}

	@Test
	void aDelayedJobWithDelayQueueLockCanBeEnqueuedNow() {
		this.resque.enqueueAt(Instant.now().plusSeconds(3600), "q", "NotWhileDelayed", List.of(1));
		assertThat(this.admin.delayed().enqueueNow("q", "NotWhileDelayed", List.of(1))).hasSize(1);
		assertThat(this.admin.queues().length("q")).isEqualTo(1);
		assertThat(this.admin.delayed().count()).isZero();
	}

	// ---- @QueueLock

	@Test
	void queueLockRefusesADuplicateWhileOneWaits() {
		assertThat(this.resque.enqueue("q", "UniqueJob", List.of(1, 2)).enqueued()).isTrue();
		assertThat(this.resque.enqueue("q", "UniqueJob", List.of(1, 2)).enqueued()).isFalse();
		assertThat(this.resque.enqueue("q", "UniqueJob", List.of(3)).enqueued()).isTrue();
		assertThat(this.admin.queues().length("q")).isEqualTo(2);
		String lock = this.ns + ":lock:UniqueJob:q:[1,2]";
		assertThat(redis.getExpire(lock)).isBetween(3590L, 3600L);
		long expiry = Long.parseLong(redis.opsForValue().get(lock).split("\\.")[0]);
		assertThat(expiry).isBetween(Instant.now().getEpochSecond() + 3590, Instant.now().getEpochSecond() + 3602);
		assertThat(this.admin.locks().all()).containsKeys("lock:UniqueJob:q:[1,2]", "lock:UniqueJob:q:[3]");
	}

	@Test
	void queueLockIsReleasedWhenTheJobStarts() {
		this.resque.enqueue("q", "UniqueJob", List.of(1));
		startWorkers(1, "q");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.ran.size() == 1);
		assertThat(this.resque.enqueue("q", "UniqueJob", List.of(1)).enqueued()).isTrue();
	}

	@Test
	void queueLockDedupsConcurrentEnqueues() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(16);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> results = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			results.add(pool.submit(() -> {
				start.await();
				return this.resque.enqueue("q", "UniqueJob", List.of("same")).enqueued();
			}));
		}
		start.countDown();
		int accepted = 0;
		for (Future<Boolean> result : results) {
			accepted += result.get() ? 1 : 0;
		}
		pool.shutdown();
		assertThat(accepted).isEqualTo(1);
		assertThat(this.admin.queues().length("q")).isEqualTo(1);
	}

	@Test
	void queueLockTakesOverAStaleLockLeftWithoutTtl() {
		// node-resque's SETNX + EXPIRE can leave a lock with no TTL behind; its value says when it expired
		redis.opsForValue().set(this.ns + ":lock:UniqueJob:q:[1]", "1000");
		assertThat(this.resque.enqueue("q", "UniqueJob", List.of(1)).enqueued()).isTrue();
		assertThat(redis.getExpire(this.ns + ":lock:UniqueJob:q:[1]")).isPositive();
	}

	@Test
	void queueLockOnChosenArgumentsTellsJobsApartByThoseOnly() {
		assertThat(this.resque.enqueue("q", "PerCustomer", List.of("acme", "request-1")).enqueued()).isTrue();
		assertThat(this.resque.enqueue("q", "PerCustomer", List.of("acme", "request-2")).enqueued()).isFalse();
		assertThat(this.resque.enqueue("q", "PerCustomer", List.of("globex", "request-1")).enqueued()).isTrue();
		assertThat(this.admin.locks().all()).containsOnlyKeys("lock:PerCustomer:q:[\"acme\"]",
				"lock:PerCustomer:q:[\"globex\"]");
	}

	@Test
	void queueLockUntilFinishedHoldsWhileTheJobRuns() {
		startWorkers(1, "q");
		this.resque.enqueue("q", "Finishing", List.of("a", 800));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.ran.contains("Finishing started a"));
		// it no longer waits, but it runs: the same job is refused until it has run
		assertThat(this.resque.enqueue("q", "Finishing", List.of("a", 800)).enqueued()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.ran.contains("Finishing ended a"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.locks().all().isEmpty());
		assertThat(this.resque.enqueue("q", "Finishing", List.of("a", 800)).enqueued()).isTrue();
	}

	@Test
	void queueLockUntilSucceededHoldsThroughRetriesWhichPassIt() {
		startWorkers(1, "q");
		startScheduler();
		this.tracker.failuresLeft.set(2);
		this.resque.enqueue("q", "UntilDone", List.of("report"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.ran.contains("UntilDone fail"));
		// failed and waiting for its retry: a second copy is refused
		assertThat(this.resque.enqueue("q", "UntilDone", List.of("report")).enqueued()).isFalse();
		await().atMost(Duration.ofSeconds(15)).until(() -> this.tracker.ran.contains("UntilDone ok"));
		assertThat(this.tracker.ran).containsExactly("UntilDone fail", "UntilDone fail", "UntilDone ok");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.locks().all().isEmpty());
		assertThat(this.resque.enqueue("q", "UntilDone", List.of("report")).enqueued()).isTrue();
	}

	@Test
	void jobLockOnChosenArgumentsKeepsThoseApartOnly() {
		startWorkers(2, "q");
		this.resque.enqueue("q", "PerAccount", List.of("x", "first", 600));
		this.resque.enqueue("q", "PerAccount", List.of("x", "second", 600));
		this.resque.enqueue("q", "PerAccount", List.of("y", "first", 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tracker.ran.size() == 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("q") == 0);
		// one job of account x found its account's lock taken by the other and was dropped; account y's ran
		assertThat(this.tracker.ran).hasSize(2).contains("PerAccount y first");
		assertThat(this.tracker.ran).filteredOn((run) -> run.startsWith("PerAccount x ")).hasSize(1);
	}

	// ---- @DelayQueueLock

	@Test
	void delayQueueLockRefusesEnqueueWhileTheJobIsDelayed() {
		this.resque.enqueueAt(Instant.now().plusSeconds(3600), "q", "NotWhileDelayed", List.of(1));
		assertThat(this.resque.enqueue("q", "NotWhileDelayed", List.of(1)).enqueued()).isFalse();
		assertThat(this.resque.enqueue("q", "NotWhileDelayed", List.of(2)).enqueued()).isTrue();
		assertThat(this.admin.queues().length("q")).isEqualTo(1);
	}

	@Test
	void aDelayedJobWithDelayQueueLockIsNotBlockedByItself() {
		this.resque.enqueueAt(Instant.now().minusSeconds(2), "q", "NotWhileDelayed", List.of(1));
		startScheduler();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("q") == 1);
		assertThat(this.admin.delayed().timestamps()).isEmpty();
	}

	// ---- @JobLock

	@Test
	void jobLockNeverRunsTwoIdenticalJobsAtOnce() {
		startWorkers(4, "q");
		startScheduler();
		for (int i = 0; i < 4; i++) {
			this.resque.enqueue("q", "Exclusive", List.of("same", i == 0 ? 0 : i));
			this.resque.enqueue("q", "Exclusive", List.of("same", 0));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.tracker.ran.size() == 8);
		// different arguments do run side by side; identical ones never do
		assertThat(this.tracker.maxConcurrent.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.tracker.maxSameConcurrent.get()).isEqualTo(1);
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.admin.locks().all()).isEmpty();
	}

	@Test
	void jobLockDropsTheCopyWhenToldTo() {
		startWorkers(2, "q");
		this.resque.enqueue("q", "ExclusiveOrDropped", List.of(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.running.get() == 1);
		this.resque.enqueue("q", "ExclusiveOrDropped", List.of(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.ran.size() == 1);
		await().pollDelay(Duration.ofMillis(300)).until(() -> true);
		assertThat(this.tracker.ran).hasSize(1);
		assertThat(this.admin.queues().length("q")).isZero();
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		assertThat(this.admin.stats().processed()).isEqualTo(1);
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void jobLockHeldBySomeoneElseIsNeitherBrokenNorReleased() {
		String lock = this.ns + ":workerslock:ExclusiveOrDropped:q:[1]";
		redis.opsForValue().set(lock, "4102444800", Duration.ofMinutes(5));
		startWorkers(1, "q");
		this.resque.enqueue("q", "ExclusiveOrDropped", List.of(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("q") == 0 && this.admin.workers().statuses()
			.stream()
			.allMatch((status) -> status.isIdle()));
		assertThat(this.tracker.ran).isEmpty();
		assertThat(redis.opsForValue().get(lock)).isEqualTo("4102444800");
	}

	// ---- @Retry

	@Test
	void retriedAttemptsStayOutOfFailedAndTheJobFinallySucceeds() {
		startWorkers(1, "q");
		startScheduler();
		this.tracker.failuresLeft.set(2);
		this.resque.enqueue("q", "Flaky", List.of("a b"));
		await().atMost(Duration.ofSeconds(15)).until(() -> this.tracker.ran.contains("Flaky ok"));
		assertThat(this.tracker.ran).containsExactly("Flaky fail", "Flaky fail", "Flaky ok");
		assertThat(this.admin.failures().count()).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.stats().processed() == 1);
		assertThat(this.admin.stats().failed()).isEqualTo(2);
		assertThat(redis.keys(this.ns + ":*resque-retry*")).isEmpty();
		// one line per retried attempt, at WARN, with the failure's message and no stack trace
		String worker = this.admin.workers().registered().get(0).name();
		assertThat(this.retryLog.list).allSatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getThrowableProxy()).isNull();
		})
			.extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly(
					"Job Flaky from queue q failed on worker " + worker
							+ ": java.lang.IllegalStateException: not yet; retry 1 of 3 in 100ms",
					"Job Flaky from queue q failed on worker " + worker
							+ ": java.lang.IllegalStateException: not yet; retry 2 of 3 in 100ms");
	}

	@Test
	void retriesExhaustIntoFailedWithTheLastError() {
		startWorkers(1, "q");
		startScheduler();
		this.resque.enqueue("q", "Hopeless", List.of(7));
		await().atMost(Duration.ofSeconds(15)).until(() -> this.admin.failures().count() == 1);
		assertThat(this.tracker.ran).containsExactly("Hopeless 1", "Hopeless 2", "Hopeless 3");
		FailedJob failed = this.admin.failures().range(0, 0).get(0);
		assertThat(failed.error()).isEqualTo("attempt 3");
		assertThat(failed.payload()).isEqualTo(Job.of("q", "Hopeless", 7));
		assertThat(this.admin.stats().failed()).isEqualTo(3);
		assertThat(redis.keys(this.ns + ":*resque-retry*")).isEmpty();
	}

	@Test
	void retryCountsAttemptsUnderResqueRetrysKeyWhileRetrying() {
		startWorkers(1, "q");
		this.resque.enqueue("q", "Hopeless", List.of(7));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.delayed().timestamps().size() == 1);
		assertThat(redis.opsForValue().get(this.ns + ":resque-retry:Hopeless:7")).isEqualTo("1");
		assertThat(redis.opsForValue().get(this.ns + ":failure-resque-retry:Hopeless:7")).contains("attempt 1");
		// 100 ms after the failure, rounded up to its second: by now, on a loaded machine, possibly just past
		assertThat(this.admin.delayed().scheduledAt("q", "Hopeless", List.of(7))).singleElement()
			.satisfies((at) -> assertThat(at).isBetween(Instant.now().minusSeconds(2), Instant.now().plusSeconds(3)));
	}

	@Test
	void giveUpOnFailsAtOnceAndRetryOnLimitsWhatIsRetried() {
		startWorkers(1, "q");
		this.resque.enqueue("q", "Picky", List.of("illegal"));
		this.resque.enqueue("q", "Picky", List.of("unsupported"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 2);
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		this.resque.enqueue("q", "Picky", List.of("state"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.delayed().timestamps().size() == 1);
		assertThat(this.admin.failures().count()).isEqualTo(2);
	}

	@Test
	void argumentsThatDoNotBindFailAtOnceWhateverRetryOnSays() {
		startWorkers(1, "q");
		this.resque.enqueue("q", "Strict", List.of("seven"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 1);
		FailedJob failed = this.admin.failures().range(0, 0).get(0);
		assertThat(failed.exception()).isEqualTo(JobArgumentsException.class.getName());
		assertThat(failed.error())
			.startsWith("Job Strict: argument 1 (\"seven\") cannot be bound to parameter id of type int: ");
		assertThat(failed.payload()).isEqualTo(Job.of("q", "Strict", "seven"));
		assertThat(this.admin.stats().failed()).isEqualTo(1);
		assertThat(this.tracker.ran).isEmpty();
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		assertThat(redis.keys(this.ns + ":*resque-retry*")).isEmpty();
		assertThat(this.retryLog.list).isEmpty();
	}

	@Test
	void unrunnableJobsAreNeverRetriedAndOtherFailuresAre() {
		PluginSupport support = new PluginSupport(redis, this.keys, this.codec,
				new DelayedSchedule(new RedisCalls(factory), this.keys, this.codec));
		RetryPlugin retry = new RetryPlugin(support, Strict.class.getAnnotation(Retry.class));
		for (RuntimeException failure : List.of(new UnknownJobException("No job named \"Strict\" is registered"),
				new JobArgumentsException("Job Strict: argument 1 does not bind", null))) {
			PerformContext context = new PerformContext(Job.of("q", "Strict", 1), "worker-1");
			context.failure(failure);
			retry.afterPerform(context);
			assertThat(context.retryDelay()).as("%s", failure).isNull();
		}
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		PerformContext retried = new PerformContext(Job.of("q", "Strict", 1), "worker-1");
		retried.failure(new IllegalStateException("try again"));
		retry.afterPerform(retried);
		assertThat(retried.retryDelay()).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.admin.delayed().scheduledAt("q", "Strict", List.of(1))).hasSize(1);
	}

	@Test
	void backoffDelays() {
		PluginSupport support = new PluginSupport(redis, this.keys, this.codec, new DelayedSchedule(new RedisCalls(factory), this.keys, this.codec));
		RetryPlugin listed = new RetryPlugin(support, Hopeless.class.getAnnotation(Retry.class));
		assertThat(listed.delayBefore(1)).isEqualTo(Duration.ofMillis(100));
		RetryPlugin exponential = new RetryPlugin(support, Exponential.class.getAnnotation(Retry.class));
		assertThat(exponential.delayBefore(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(exponential.delayBefore(3)).isEqualTo(Duration.ofSeconds(8));
		assertThat(exponential.delayBefore(10)).isEqualTo(Duration.ofMinutes(1));
		RetryPlugin jittered = new RetryPlugin(support, Jittered.class.getAnnotation(Retry.class));
		for (int i = 0; i < 50; i++) {
			assertThat(jittered.delayBefore(1)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
		}
		RetryPlugin backoff = new RetryPlugin(support, Backoff.class.getAnnotation(Retry.class));
		assertThat(backoff.delayBefore(1)).isEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.delayBefore(2)).isEqualTo(Duration.ofMinutes(1));
		assertThat(backoff.delayBefore(5)).isEqualTo(Duration.ofMinutes(10));
		assertThat(backoff.retryKey(Job.of("q", "Backoff", 1, "a b c", Map.of("k", 1))))
			.isEqualTo(this.ns + ":resque-retry:Backoff:1-ab c-{\"k\":1}");
	}

	// ---- user plugins

	@Test
	void userPluginsRunInOrderAndCanStopOrRescueJobs() {
		Recording global = new Recording("global", this.tracker);
		this.globals.add(global);
		this.pluginBeans.put(Recording.class, new Recording("job", this.tracker));
		buildTemplate();
		// A worker already running may take the job before the enqueuing thread has run its afterEnqueue hooks,
		// so the first job is queued before the worker starts to make the whole order observable.
		this.resque.enqueue("q", "Audited", List.of("ok"));
		startWorkers(1, "q");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.hooks.contains("job afterPerform ok"));
		assertThat(this.tracker.hooks).containsExactly("global beforeEnqueue", "job beforeEnqueue", "global afterEnqueue",
				"job afterEnqueue", "global beforePerform", "job beforePerform", "perform ok", "global afterPerform ok",
				"job afterPerform ok");
		this.tracker.hooks.clear();

		assertThat(this.resque.enqueue("q", "Audited", List.of("refuse-enqueue")).enqueued()).isFalse();
		assertThat(this.tracker.hooks).containsExactly("global beforeEnqueue");
		this.tracker.hooks.clear();

		this.resque.enqueue("q", "Audited", List.of("refuse-perform"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.hooks.contains("global beforePerform"));
		await().pollDelay(Duration.ofMillis(200)).until(() -> this.admin.workers().statuses().get(0).isIdle());
		assertThat(this.tracker.hooks).doesNotContain("perform refuse-perform", "global afterPerform ok");
		this.tracker.hooks.clear();

		this.resque.enqueue("q", "Audited", List.of("fail-then-rescue"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.tracker.hooks.contains("job afterPerform ok"));
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.admin.stats().processed()).isEqualTo(2);
		assertThat(this.admin.stats().failed()).isZero();
	}

	@Test
	void enqueueAllRunsTheHooksOfEachJobAndAnAfterHookThatThrowsLosesNothing() {
		this.pluginBeans.put(Recording.class, new Recording("job", this.tracker));
		buildTemplate();
		assertThat(this.resque.enqueue("q", "Audited", List.of("fail-after-enqueue")).enqueued()).isTrue();
		assertThat(this.resque.enqueueAll(List.of(this.resque.job("q", "Audited", List.of("refuse-enqueue")),
				this.resque.job("q", "Audited", List.of("fail-after-enqueue")), this.resque.job("q", "Plain", List.of(1)))).stream().filter((result) -> result.enqueued()).count())
			.isEqualTo(2);
		assertThat(this.admin.queues().jobs("q", 0, -1)).extracting(Job::args)
			.containsExactly(List.of("fail-after-enqueue"), List.of("fail-after-enqueue"), List.of(1));
		assertThat(this.tracker.enqueued).containsExactly("Audited [fail-after-enqueue]", "Audited [fail-after-enqueue]",
				"Plain [1]");
		assertThat(this.tracker.hooks).containsExactly("job beforeEnqueue", "job afterEnqueue", "job beforeEnqueue",
				"job beforeEnqueue", "job afterEnqueue");
	}

	static final class Tracker {

		final List<String> ran = new CopyOnWriteArrayList<>();

		final List<String> enqueued = new CopyOnWriteArrayList<>();

		final List<String> hooks = new CopyOnWriteArrayList<>();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger runningSame = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		final AtomicInteger maxSameConcurrent = new AtomicInteger();

		final AtomicInteger failuresLeft = new AtomicInteger();

		final AtomicInteger attempts = new AtomicInteger();

	}

	static final class Recording implements ResquePlugin {

		private final String name;

		private final Tracker tracker;

		Recording(String name, Tracker tracker) {
			this.name = name;
			this.tracker = tracker;
		}

		@Override
		public boolean beforeEnqueue(EnqueueContext context) {
			this.tracker.hooks.add(this.name + " beforeEnqueue");
			return !context.job().args().contains("refuse-enqueue");
		}

		@Override
		public void afterEnqueue(EnqueueContext context) {
			this.tracker.hooks.add(this.name + " afterEnqueue");
			if (context.job().args().contains("fail-after-enqueue")) {
				throw new IllegalStateException("afterEnqueue failed");
			}
		}

		@Override
		public boolean beforePerform(PerformContext context) {
			this.tracker.hooks.add(this.name + " beforePerform");
			return !context.job().args().contains("refuse-perform");
		}

		@Override
		public void afterPerform(PerformContext context) {
			if (context.failure() != null && this.name.equals("global")) {
				context.clearFailure();
			}
			this.tracker.hooks.add(this.name + " afterPerform " + ((context.failure() == null) ? "ok" : "failed"));
		}

	}

	@ResqueJob(queue = "q")
	@QueueLock
	static class UniqueJob {

		private final Tracker tracker;

		UniqueJob(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(List<Object> args) {
			this.tracker.ran.add("UniqueJob " + args);
		}

	}

	@ResqueJob(queue = "q")
	@DelayQueueLock
	static class NotWhileDelayed {

		private final Tracker tracker;

		NotWhileDelayed(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(int id) {
			this.tracker.ran.add("NotWhileDelayed " + id);
		}

	}

	@ResqueJob(queue = "q")
	@JobLock(reEnqueueDelay = "100ms")
	static class Exclusive {

		private final Tracker tracker;

		Exclusive(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String key, int variant) throws InterruptedException {
			int now = this.tracker.running.incrementAndGet();
			this.tracker.maxConcurrent.accumulateAndGet(now, Math::max);
			if (variant == 0) {
				this.tracker.maxSameConcurrent.accumulateAndGet(this.tracker.runningSame.incrementAndGet(), Math::max);
			}
			try {
				Thread.sleep(300);
			}
			finally {
				if (variant == 0) {
					this.tracker.runningSame.decrementAndGet();
				}
				this.tracker.running.decrementAndGet();
				this.tracker.ran.add("Exclusive " + variant);
			}
		}

	}

	@ResqueJob(queue = "q")
	@JobLock(reEnqueue = false)
	static class ExclusiveOrDropped {

		private final Tracker tracker;

		ExclusiveOrDropped(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(int id) throws InterruptedException {
			this.tracker.running.incrementAndGet();
			Thread.sleep(800);
			this.tracker.running.decrementAndGet();
			this.tracker.ran.add("ExclusiveOrDropped " + id);
		}

	}

	@ResqueJob(queue = "q")
	@QueueLock(args = 0)
	static class PerCustomer {

		private final Tracker tracker;

		PerCustomer(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String customer, String request) {
			this.tracker.ran.add("PerCustomer " + customer + " " + request);
		}

	}

	@ResqueJob(queue = "q")
	@QueueLock(until = QueueLock.Until.FINISHED)
	static class Finishing {

		private final Tracker tracker;

		Finishing(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String id, long millis) throws InterruptedException {
			this.tracker.ran.add("Finishing started " + id);
			Thread.sleep(millis);
			this.tracker.ran.add("Finishing ended " + id);
		}

	}

	@ResqueJob(queue = "q")
	@QueueLock(until = QueueLock.Until.SUCCEEDED)
	@Retry(limit = 3, delay = "100ms")
	static class UntilDone {

		private final Tracker tracker;

		UntilDone(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String id) {
			if (this.tracker.failuresLeft.getAndDecrement() > 0) {
				this.tracker.ran.add("UntilDone fail");
				throw new IllegalStateException("not yet");
			}
			this.tracker.ran.add("UntilDone ok");
		}

	}

	@ResqueJob(queue = "q")
	@JobLock(args = 0, reEnqueue = false)
	static class PerAccount {

		private final Tracker tracker;

		PerAccount(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String account, String what, long millis) throws InterruptedException {
			this.tracker.ran.add("PerAccount " + account + " " + what);
			Thread.sleep(millis);
		}

	}

	@ResqueJob(queue = "q")
	@Retry(limit = 3, delay = "100ms")
	static class Flaky {

		private final Tracker tracker;

		Flaky(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String id) {
			if (this.tracker.failuresLeft.getAndDecrement() > 0) {
				this.tracker.ran.add("Flaky fail");
				throw new IllegalStateException("not yet");
			}
			this.tracker.ran.add("Flaky ok");
		}

	}

	@ResqueJob(queue = "q")
	@Retry(limit = 2, backoff = "100ms")
	static class Hopeless {

		private final Tracker tracker;

		Hopeless(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(int id) {
			int attempt = this.tracker.attempts.incrementAndGet();
			this.tracker.ran.add("Hopeless " + attempt);
			throw new IllegalStateException("attempt " + attempt);
		}

	}

	@ResqueJob(queue = "q")
	@Retry(limit = 2, delay = "1h", retryOn = RuntimeException.class, giveUpOn = IllegalArgumentException.class)
	static class Picky {

		private final Tracker tracker;

		Picky(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String kind) throws Exception {
			switch (kind) {
				case "illegal" -> throw new IllegalArgumentException("bad input");
				case "unsupported" -> throw new java.io.IOException("not a runtime exception");
				default -> throw new IllegalStateException("try again");
			}
		}

	}

	@ResqueJob(queue = "q")
	@Retry(limit = 3, delay = "1m", retryOn = RuntimeException.class)
	static class Strict {

		private final Tracker tracker;

		Strict(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(int id) {
			this.tracker.ran.add("Strict " + id);
		}

	}

	@ResqueJob(queue = "q", plugins = Recording.class)
	static class Audited {

		private final Tracker tracker;

		Audited(Tracker tracker) {
			this.tracker = tracker;
		}

		public void perform(String what) {
			this.tracker.hooks.add("perform " + what);
			if (what.equals("fail-then-rescue")) {
				throw new IllegalStateException("rescued by a plugin");
			}
		}

	}

	@Retry(limit = 10, delay = "2s", exponential = true, maxDelay = "1m")
	static class Exponential {

	}

	@Retry(jitter = 0.2, delay = "10s")
	static class Jittered {

	}

	@Retry(limit = 5, backoff = { "10s", "1m", "10m" })
	static class Backoff {

	}

}
