package dev.resque.core.worker;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
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
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.ResqueStats;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class ResqueWorkerContainerTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate redis;

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final Recorder recorder = new Recorder();

	private String ns;

	private ResqueKeys keys;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

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
		this.ns = TestRedis.newNamespace("Workers");
		this.keys = new ResqueKeys(this.ns);
		this.resque = new ResqueTemplate(factory, this.keys, new JobCodec());
		this.admin = new ResqueAdmin(factory, this.keys, new JobCodec());
		this.support.register(new SendWelcomeMail(this.recorder));
		this.support.register(new Add(this.recorder));
		this.support.register(new Boom());
		this.support.register(new Sleepy(this.recorder));
		this.support.register(new SlowAdd(this.recorder));
		this.support.register(new RawArgs(this.recorder));
	}

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	private ResqueWorkerContainer start(WorkerPoolSettings... pools) {
		return start(Duration.ofSeconds(5), pools);
	}

	private ResqueWorkerContainer start(Duration shutdownTimeout, WorkerPoolSettings... pools) {
		this.container = this.support.container(factory, this.keys, POLL, shutdownTimeout, pools);
		this.container.start();
		return this.container;
	}

	@Test
	void runsAJobWithItsArgumentsBoundAndRecordsSuccess() {
		start(pool(1, POLL, "mailers", "math"));
		this.resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK);
		this.resque.enqueue("math", "add", List.of(2, 3));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.support.events.succeeded.size() == 2);
		assertThat(this.recorder.calls).containsExactly("mail a@b.c en_GB", "add 2 3");
		assertThat(this.support.events.succeeded.get(1).result()).isEqualTo(5);
		assertThat(this.support.events.succeeded.get(1).job()).isEqualTo(Job.of("math", "add", 2, 3));
		assertThat(this.admin.stats().processed()).isEqualTo(2);
		assertThat(this.admin.stats().failed()).isZero();
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.admin.workers().statuses()).allMatch((status) -> status.isIdle());
	}

	@Test
	void takesJobsInStrictQueuePriority() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.resque.enqueue("low", "add", List.of(100, i));
			this.resque.enqueue("high", "add", List.of(0, i));
		}
		start(pool(1, POLL, "high", "low"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() == 6);
		assertThat(this.recorder.calls).containsExactly("add 0 0", "add 0 1", "add 0 2", "add 100 0", "add 100 1",
				"add 100 2");
	}

	@Test
	void wildcardWorksEveryQueueAlphabetically() {
		this.resque.enqueue("b", "add", List.of(2, 0));
		this.resque.enqueue("a", "add", List.of(1, 0));
		this.resque.enqueue("c", "add", List.of(3, 0));
		start(pool(1, POLL, "*"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() == 3);
		assertThat(this.recorder.calls).containsExactly("add 1 0", "add 2 0", "add 3 0");
		assertThat(this.admin.workers().registered()).extracting(WorkerRegistration::queues).containsExactly(List.of("*"));
	}

	/**
	 * A * pool over many queues, one of them busy, the others empty: the pool's takes pass only the queue that holds
	 * jobs; returns how many of that queue's jobs ran before the job then put on queue "a" (first in order) did.
	 */
	private int busyJobsBeforeOneOnAnEmptyQueue(Runnable putOnA) {
		for (int i = 0; i < 30; i++) {
			redis.opsForSet().add(this.ns + ":queues", String.format("q%02d", i));
		}
		for (int i = 0; i < 60; i++) {
			this.resque.enqueue("m", "slowAdd", List.of("m" + i, 25));
		}
		start(pool(1, POLL, "*"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() >= 3);
		int before = this.recorder.calls.size();
		putOnA.run();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.calls.size() == 61);
		assertThat(this.recorder.calls).doesNotHaveDuplicates();
		return this.recorder.calls.indexOf("slow a") - before;
	}

	@Test
	void aWildcardPoolTakesAJobAnotherProgramPutOnAnEmptyQueueWithinAPollInterval() {
		// as Ruby Resque enqueues: no wake-up message, so only the pool's next look (every 200 ms) finds it
		int ranBefore = busyJobsBeforeOneOnAnEmptyQueue(() -> {
			redis.opsForSet().add(this.ns + ":queues", "a");
			redis.opsForList().rightPush(this.ns + ":queue:a", "{\"class\":\"slowAdd\",\"args\":[\"a\",0]}");
		});
		// 25 ms a job: a poll interval is about 8 of them; the 57 or so left would run first if it were missed
		assertThat(ranBefore).isLessThan(20);
	}

	@Test
	void aWildcardPoolTakesNextAJobWeEnqueueOnAnEmptyQueue() {
		int ranBefore = busyJobsBeforeOneOnAnEmptyQueue(() -> this.resque.enqueue("a", "slowAdd", List.of("a", 0)));
		// the wake-up names the queue: the take after the running job looks at it
		assertThat(ranBefore).isLessThanOrEqualTo(3);
	}

	@Test
	void registersAsRubyAndNodeResqueExpectAndUnregistersOnStop() {
		start(pool(2, POLL, "high", "low"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.workers().registered().size() == 2);
		List<WorkerRegistration> workers = this.admin.workers().registered();
		assertThat(workers).allSatisfy((worker) -> {
			assertThat(worker.name()).matches("[^:]+:" + ProcessHandle.current().pid() + "-[0-9a-f]{8}\\+\\d+");
			assertThat(worker.queues()).containsExactly("high", "low");
			assertThat(redis.opsForValue().get(this.ns + ":worker:" + worker.id() + ":started"))
				.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+0000");
			assertThat(redis.opsForValue().get(this.ns + ":worker:ping:" + worker.name()))
				.startsWith("{\"time\":")
				.endsWith(",\"name\":\"" + worker.name() + "\",\"queues\":\"high,low\"}");
			assertThat(redis.opsForHash().get(this.ns + ":workers:heartbeat", worker.id())).isNotNull();
		});
		assertThat(this.support.events.workersStarted).hasSize(2);
		this.container.stop();
		assertThat(this.admin.workers().registered()).isEmpty();
		assertThat(redis.keys(this.ns + ":worker*")).isEmpty();
		assertThat(this.support.events.workersStopped).hasSize(2);
	}

	@Test
	void recordsWhatAWorkerIsWorkingOn() throws Exception {
		start(pool(1, POLL, "slow"));
		this.resque.enqueue("slow", "Sleepy", List.of(2_000));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.sleeping.getCount() == 0);
		var working = this.admin.workers().statuses().get(0).workingOn();
		assertThat(working.payload()).isEqualTo(Job.of("slow", "Sleepy", 2_000));
		assertThat(working.queue()).isEqualTo("slow");
		assertThat(working.runAt()).isBetween(Instant.now().minusSeconds(5), Instant.now());
		assertThat(this.admin.queues().length("slow")).isZero();
	}

	@Test
	void aJobThatThrowsLandsInFailedWithItsErrorAndTheWorkerLivesOn() {
		start(pool(1, POLL, "q"));
		this.resque.enqueue("q", "Boom", List.of("kaboom"));
		this.resque.enqueue("q", "add", List.of(1, 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() == 1);
		FailedJob failed = awaitFailure();
		assertThat(failed.exception()).isEqualTo("java.lang.IllegalStateException");
		assertThat(failed.error()).isEqualTo("kaboom");
		assertThat(failed.backtrace()).first().asString().startsWith("at dev.resque.core.worker.ResqueWorkerContainerTests$Boom.perform");
		assertThat(failed.payload()).isEqualTo(Job.of("q", "Boom", "kaboom"));
		assertThat(failed.queue()).isEqualTo("q");
		// the registration id, as Ruby writes it (resque-web links a failure to its worker by it)
		String id = this.container.workerNames().get(0) + ":q";
		assertThat(failed.worker()).isEqualTo(id);
		assertThat(failed.failedAt()).isBetween(Instant.now().minusSeconds(10), Instant.now());
		assertThat(this.admin.stats().failed()).isEqualTo(1);
		assertThat(this.admin.stats().processed()).isEqualTo(1);
		// per-worker counters under the id, where Ruby Resque and resque-web read them
		assertThat(this.admin.stats().workers()).containsEntry(id, new ResqueStats.WorkerStats(1, 1));
		assertThat(this.support.events.failed).hasSize(1);
		assertThat(this.support.events.failed.get(0).exception()).hasMessage("kaboom");
	}

	@Test
	void malformedJsonFailsWithAClearReason() {
		start(pool(1, POLL, "q"));
		redis.opsForList().rightPush(this.ns + ":queue:q", "{not json");
		FailedJob failed = awaitFailure();
		assertThat(failed.exception()).isEqualTo("dev.resque.core.codec.InvalidPayloadException");
		assertThat(failed.error()).startsWith("Payload is not valid JSON: {not json");
		assertThat(failed.json()).contains("\"payload\":\"{not json\"");
		assertWorkerLivesOn();
	}

	@Test
	void payloadWithoutClassFails() {
		start(pool(1, POLL, "q"));
		redis.opsForList().rightPush(this.ns + ":queue:q", "{\"args\":[1]}");
		FailedJob failed = awaitFailure();
		assertThat(failed.error()).isEqualTo("Payload has no \"class\" naming the job: {\"args\":[1]}");
		assertThat(failed.json()).contains("\"payload\":{\"args\":[1]}");
		assertWorkerLivesOn();
	}

	@Test
	void unknownJobFailsNamingTheKnownOnes() {
		start(pool(1, POLL, "q"));
		this.resque.enqueue("q", "sendMail", List.of());
		FailedJob failed = awaitFailure();
		assertThat(failed.exception()).isEqualTo("dev.resque.core.worker.UnknownJobException");
		assertThat(failed.error()).isEqualTo(
				"No job named \"sendMail\" is registered (known: [Boom, RawArgs, SendWelcomeMail, Sleepy, add, slowAdd]); the job was moved to the failed queue");
		assertThat(failed.payload()).isEqualTo(Job.of("q", "sendMail"));
		assertWorkerLivesOn();
	}

	@Test
	void argumentsThatDoNotBindFail() {
		start(pool(1, POLL, "q"));
		this.resque.enqueue("q", "add", List.of("one", 2));
		this.resque.enqueue("q", "add", List.of(1, 2, 3));
		this.resque.enqueue("q", "add", List.of(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 3);
		List<FailedJob> failed = this.admin.failures().range(0, -1);
		assertThat(failed).extracting(FailedJob::exception).containsOnly("dev.resque.core.worker.JobArgumentsException");
		assertThat(failed.get(0).error()).startsWith("Job add: argument 1 (\"one\") cannot be bound to parameter a of type int");
		assertThat(failed.get(1).error()).isEqualTo("Job add takes [perform(int, int)] but was given 3 argument(s): [1,2,3]");
		assertThat(failed.get(2).error()).isEqualTo("Job add takes [perform(int, int)] but was given 1 argument(s): [1]");
		assertWorkerLivesOn();
	}

	@Test
	void listAndMapParametersReceiveTheirElementTypes() {
		PayInvoices invoices = new PayInvoices();
		Ledger ledger = new Ledger();
		this.support.register(invoices);
		this.support.register(ledger);
		start(pool(1, POLL, "billing"));
		List<Invoice> sent = List.of(new Invoice("A-1", new BigDecimal("42.50")), new Invoice("A-2", new BigDecimal("0.1")));
		Map<String, Money> totals = Map.of("EUR", new Money(new BigDecimal("42.60"), "EUR"));
		this.resque.enqueue(PayInvoices.class, sent);
		this.resque.enqueue(Ledger.class, "2026-11", totals);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.support.events.succeeded.size() == 2);
		assertThat(this.support.events.succeeded).extracting((event) -> event.job().name())
			.containsExactly("PayInvoices", "Ledger");
		assertThat(invoices.received).singleElement().isEqualTo(sent);
		assertThat(invoices.received.get(0)).allSatisfy((invoice) -> assertThat(invoice).isInstanceOf(Invoice.class));
		assertThat(ledger.received).singleElement().isEqualTo(totals);
		assertThat(ledger.received.get(0).get("EUR")).isInstanceOf(Money.class);
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void aListsElementsGivenAsSeparateArgumentsAreRefusedAtEnqueue() {
		Invoice first = new Invoice("A-1", new BigDecimal("42.50"));
		Invoice second = new Invoice("A-2", new BigDecimal("0.1"));
		String spread = "Job PayInvoices takes [perform(List<Invoice>)] but was given 2 argument(s); "
				+ "perform(List<Invoice>) takes the whole list as one argument: pass a List (an array passed alone is "
				+ "spread into separate arguments); nothing was enqueued";
		assertThatIllegalArgumentException().isThrownBy(() -> this.resque.enqueue(PayInvoices.class, first, second))
			.withMessage(spread);
		Invoice[] array = { first, second };
		assertThatIllegalArgumentException().isThrownBy(() -> this.resque.enqueue(PayInvoices.class, (Object[]) array))
			.withMessage(spread);
		assertThatIllegalArgumentException().isThrownBy(() -> this.resque.enqueue(PayInvoices.class, first))
			.withMessageStartingWith("Job PayInvoices: argument 1 ({\"id\":\"A-1\",\"total\":42.50}) cannot be bound to "
					+ "parameter invoices of type java.util.List<" + Invoice.class.getName() + ">: ")
			.withMessageEndingWith("; nothing was enqueued");
		assertThat(this.admin.queues().length("billing")).isZero();
	}

	@Test
	void jobsMayReadTheirRawArguments() {
		start(pool(1, POLL, "q"));
		this.resque.enqueue("q", "RawArgs", List.of(1, "two", Map.of("three", 3)));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() == 1);
		assertThat(this.recorder.calls).containsExactly("raw [1, two, {three=3}]");
	}

	@Test
	void ourEnqueueWakesIdleWorkersLongBeforeThePollInterval() {
		start(pool(2, Duration.ofSeconds(30), "q"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.workers().registered().size() == 2);
		// let both workers go idle so that only a wake-up can find the job in time
		await().pollDelay(Duration.ofMillis(300)).until(() -> true);
		this.resque.enqueue("q", "add", List.of(1, 2));
		await().atMost(Duration.ofSeconds(3)).until(() -> this.recorder.calls.size() == 1);
	}

	@Test
	void jobsFromOtherProducersArePickedUpByThePoll() {
		start(pool(2, POLL, "q"));
		redis.opsForList().rightPush(this.ns + ":queue:q", "{\"class\":\"add\",\"args\":[4,5]}");
		await().atMost(Duration.ofSeconds(3)).until(() -> this.recorder.calls.size() == 1);
		assertThat(this.recorder.calls).containsExactly("add 4 5");
	}

	@Test
	void workersRunJobsInParallel() {
		start(pool(3, POLL, "slow"));
		for (int i = 0; i < 3; i++) {
			this.resque.enqueue("slow", "Sleepy", List.of(1_500 + i));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.running.get() == 3);
	}

	@Test
	void gracefulShutdownLetsRunningJobsFinish() {
		start(Duration.ofSeconds(10), pool(1, POLL, "slow"));
		this.resque.enqueue("slow", "Sleepy", List.of(500));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.running.get() == 1);
		this.container.stop();
		assertThat(this.support.events.succeeded).hasSize(1);
		assertThat(this.admin.stats().processed()).isEqualTo(1);
		assertThat(this.admin.queues().length("slow")).isZero();
		assertThat(this.admin.workers().registered()).isEmpty();
	}

	@Test
	void aJobThatNeverReturnsIsPutBackAtTheHeadOfItsQueueOnShutdown() {
		start(Duration.ofMillis(500), pool(1, POLL, "slow"));
		this.resque.enqueue("slow", "Sleepy", List.of(60_000));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.running.get() == 1);
		this.resque.enqueue("slow", "add", List.of(7, 7));
		this.container.stop();
		assertThat(this.admin.queues().jobs("slow", 0, -1)).containsExactly(Job.of("slow", "Sleepy", 60_000),
				Job.of("slow", "add", 7, 7));
		assertThat(this.admin.workers().registered()).isEmpty();
		assertThat(this.admin.workers().statuses()).isEmpty();
		assertThat(redis.keys(this.ns + ":worker*")).isEmpty();
		assertThat(this.admin.stats().processed()).isZero();
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void workerThreadsComeFromTheGivenFactoryNamedAfterTheirWorkers() {
		RecordingThreadFactory threads = new RecordingThreadFactory(0);
		startOn(threads, pool(2, POLL, "math"));
		this.resque.enqueue("math", "add", List.of(1, 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() == 1);
		assertThat(threads.made).hasSize(2).contains(this.recorder.threads.get(0));
		List<String> workers = this.container.workerNames();
		assertThat(threads.made).extracting(Thread::getName)
			.containsExactly("resque-test-1 (" + workers.get(0) + ")", "resque-test-2 (" + workers.get(1) + ")");
	}

	@Test
	void aWorkerThreadThatEndsIsReplacedByTheFactoryUnderTheSameName() {
		RecordingThreadFactory threads = new RecordingThreadFactory(1);
		startOn(threads, pool(1, POLL, "math"));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> threads.made.size() == 2 && this.container.liveWorkerNames().size() == 1);
		assertThat(threads.made.get(1).getName()).isEqualTo(threads.made.get(0).getName());
		this.resque.enqueue("math", "add", List.of(2, 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() == 1);
		assertThat(this.recorder.threads).containsExactly(threads.made.get(1));
	}

	@Test
	void aThreadFactoryThatMakesNoThreadFailsTheStartNamingTheWorker() {
		assertThatIllegalStateException().isThrownBy(() -> startOn((task) -> null, pool(1, POLL, "math")))
			.withMessageMatching("The worker thread factory .+ made no thread for worker [^:]+:\\d+-[0-9a-f]{8}\\+\\d+");
		assertThat(this.container.isRunning()).isFalse();
		assertThat(this.admin.workers().registered()).isEmpty();
	}

	private void startOn(ThreadFactory threads, WorkerPoolSettings... pools) {
		this.container = this.support.container(factory, this.keys, POLL, Duration.ofSeconds(5), pools);
		this.container.setThreadFactory(threads);
		this.container.start();
	}

	private FailedJob awaitFailure() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() >= 1);
		return this.admin.failures().range(0, 0).get(0);
	}

	private void assertWorkerLivesOn() {
		int before = this.recorder.calls.size();
		this.resque.enqueue("q", "add", List.of(20, 22));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.recorder.calls.size() == before + 1);
	}

	static final class Recorder {

		final List<String> calls = new CopyOnWriteArrayList<>();

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		final AtomicInteger running = new AtomicInteger();

		final CountDownLatch sleeping = new CountDownLatch(1);

	}

	/** Makes platform threads as the default does, and keeps them to be compared with the threads jobs ran on. */
	static final class RecordingThreadFactory implements ThreadFactory {

		final List<Thread> made = new CopyOnWriteArrayList<>();

		private final AtomicInteger endingAtOnce;

		/** The first {@code endingAtOnce} threads end without running their worker, as a thread that died. */
		RecordingThreadFactory(int endingAtOnce) {
			this.endingAtOnce = new AtomicInteger(endingAtOnce);
		}

		@Override
		public Thread newThread(Runnable task) {
			Runnable run = (this.endingAtOnce.getAndDecrement() > 0) ? () -> {
			} : task;
			Thread thread = new Thread(run, "made-by-the-test");
			this.made.add(thread);
			return thread;
		}

	}

	@ResqueJob(queue = "mailers")
	static class SendWelcomeMail {

		private final Recorder recorder;

		SendWelcomeMail(Recorder recorder) {
			this.recorder = recorder;
		}

		public void perform(String email, Locale locale) {
			this.recorder.calls.add("mail " + email + " " + locale);
		}

	}

	@ResqueJob(name = "add", queue = "math")
	static class Add {

		private final Recorder recorder;

		Add(Recorder recorder) {
			this.recorder = recorder;
		}

		public int perform(int a, int b) {
			this.recorder.calls.add("add " + a + " " + b);
			this.recorder.threads.add(Thread.currentThread());
			return a + b;
		}

	}

	@ResqueJob(name = "slowAdd")
	static class SlowAdd {

		private final Recorder recorder;

		SlowAdd(Recorder recorder) {
			this.recorder = recorder;
		}

		public void perform(String tag, long millis) throws InterruptedException {
			this.recorder.calls.add("slow " + tag);
			Thread.sleep(millis);
		}

	}

	@ResqueJob
	static class Boom {

		public void perform(String message) {
			throw new IllegalStateException(message);
		}

	}

	@ResqueJob(queue = "slow")
	static class Sleepy {

		private final Recorder recorder;

		Sleepy(Recorder recorder) {
			this.recorder = recorder;
		}

		public void perform(long millis) throws InterruptedException {
			this.recorder.running.incrementAndGet();
			this.recorder.sleeping.countDown();
			try {
				Thread.sleep(millis);
			}
			finally {
				this.recorder.running.decrementAndGet();
			}
		}

	}

	record Invoice(String id, BigDecimal total) {
	}

	record Money(BigDecimal amount, String currency) {
	}

	@ResqueJob(queue = "billing")
	static class PayInvoices {

		final List<List<Invoice>> received = new CopyOnWriteArrayList<>();

		public void perform(List<Invoice> invoices) {
			this.received.add(invoices);
		}

	}

	@ResqueJob(queue = "billing")
	static class Ledger {

		final List<Map<String, Money>> received = new CopyOnWriteArrayList<>();

		public void perform(String period, Map<String, Money> totals) {
			this.received.add(totals);
		}

	}

	@ResqueJob
	static class RawArgs {

		private final Recorder recorder;

		RawArgs(Recorder recorder) {
			this.recorder = recorder;
		}

		public void perform(List<Object> args) {
			this.recorder.calls.add("raw " + args);
		}

	}

}
