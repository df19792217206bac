package dev.resque.core.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.RubyFixtures;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.queue.BatchStatus;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.ProcessRecord;
import dev.resque.core.queue.RetryingJob;
import dev.resque.core.queue.StoredEntry;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerNames;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the dashboard reads through the admin API, against a real Redis: retries told from other delayed jobs
 * (ours and resque-retry's), entries as stored with their ids, entries that are not jobs, the processes our
 * workers run in, batches and listed schedules.
 */
class AdminViewsTests {

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(TestRedis.get());

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final String ns = TestRedis.newNamespace("AdminViews");

	private final ResqueKeys keys = new ResqueKeys(this.ns);

	private final JobCodec codec = new JobCodec();

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, this.codec);

	private final ResqueAdmin admin = new ResqueAdmin(this.factory, this.keys, this.codec);

	private ResqueWorkerContainer container;

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.factory.destroy();
	}

	@Test
	void aDelayedJobWithARetryCounterIsARetryAndTheOthersAreNot() {
		Instant soon = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		String id = this.resque.enqueueAt(soon, Job.of("math", "Adder", "a", 1)).jobId();
		this.resque.enqueueAt(soon.plusSeconds(60), Job.of("math", "Plain", "b"));
		// node-resque's Retry keys, as its plugin (and ours) writes them after a second failure
		this.redis.opsForValue().set(this.ns + ":resque-retry:Adder:a-1", "2");
		String failure = this.codec.encodeFailure("host:1", "math", "{\"class\":\"Adder\",\"queue\":\"math\",\"args\":[\"a\",1]}",
				"java.lang.IllegalStateException", "not yet", List.of(), Instant.now());
		this.redis.opsForValue().set(this.ns + ":failure-resque-retry:Adder:a-1", failure);

		List<RetryingJob> retries = this.admin.retries().list(100);
		assertThat(retries).hasSize(1);
		RetryingJob retry = retries.get(0);
		assertThat(retry.job()).isEqualTo(Job.of("math", "Adder", "a", 1));
		assertThat(retry.attempt()).isEqualTo(2);
		assertThat(retry.runAt()).isEqualTo(soon);
		assertThat(retry.jobId()).isEqualTo(id);
		assertThat(retry.lastFailure().error()).isEqualTo("not yet");

		assertThat(this.admin.retries().retryNow(retry.job())).isTrue();
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(Job.of("math", "Adder", "a", 1));
		assertThat(this.admin.retries().list(100)).isEmpty();
		assertThat(this.admin.retries().retryNow(retry.job())).as("no longer scheduled").isFalse();
		// the counter stays: a later failure counts on from it
		assertThat(this.redis.opsForValue().get(this.ns + ":resque-retry:Adder:a-1")).isEqualTo("2");
	}

	@Test
	void aDiscardedRetryMovesToTheFailedQueueWithItsLastErrorAndItsCountersGo() {
		Job job = Job.of("math", "Adder", "c", 2);
		this.resque.enqueueIn(Duration.ofMinutes(5), job);
		this.redis.opsForValue().set(this.ns + ":resque-retry:Adder:c-2", "1");
		String failure = this.codec.encodeFailure("host:1", "math", "{\"class\":\"Adder\",\"queue\":\"math\",\"args\":[\"c\",2]}",
				"java.io.IOException", "disk full", List.of(), Instant.now());
		this.redis.opsForValue().set(this.ns + ":failure-resque-retry:Adder:c-2", failure);

		assertThat(this.admin.retries().discard(job)).isTrue();
		assertThat(this.admin.delayed().count()).isZero();
		List<FailedJob> failed = this.admin.failures().range(0, -1);
		assertThat(failed).extracting(FailedJob::error).containsExactly("disk full");
		assertThat(failed.get(0).payload()).isEqualTo(job);
		assertThat(this.redis.hasKey(this.ns + ":resque-retry:Adder:c-2")).isFalse();
		assertThat(this.redis.hasKey(this.ns + ":failure-resque-retry:Adder:c-2")).isFalse();
		assertThat(this.admin.retries().discard(job)).as("nothing left to discard").isFalse();
		assertThat(this.admin.failures().count()).isOne();
	}

	@Test
	void aRetryResqueRetryScheduledIsShownWithItsAttemptAndCanBeDiscarded() {
		// resque-retry after the first failure of RetryAdder(1, 2): its counter says 0, its retry is delayed
		RubyFixtures.load(this.redis, this.ns, RubyFixtures.read("06-retry.json").get("keys_after_failure_1"));
		ResqueAdmin ruby = new ResqueAdmin(this.factory, this.keys, new JobCodec(WireDialect.RUBY));
		List<RetryingJob> retries = ruby.retries().list(100);
		assertThat(retries).extracting(RetryingJob::job).containsExactly(Job.of("math", "RetryAdder", 1, 2));
		assertThat(retries.get(0).attempt()).isOne();
		long failedBefore = ruby.failures().count();

		assertThat(ruby.retries().discard(retries.get(0).job())).isTrue();
		assertThat(ruby.retries().list(100)).isEmpty();
		assertThat(ruby.failures().count()).isEqualTo(failedBefore + 1);
		FailedJob discarded = ruby.failures().at(failedBefore).orElseThrow();
		assertThat(discarded.exception()).isEqualTo("RetryDiscarded");
		assertThat(discarded.payload().name()).isEqualTo("RetryAdder");
	}

	@Test
	void entriesAreReadAsStoredWithTheirIdsAndOnesThatAreNotJobsAreKept() {
		String queued = this.resque.enqueue(Job.of("mixed", "Adder", 1)).jobId();
		this.redis.opsForList().rightPush(this.keys.queue("mixed"), "not json {");
		Instant at = Instant.now().plusSeconds(120);
		String delayed = this.resque.enqueueAt(at, Job.of("mixed", "Adder", 2)).jobId();

		List<StoredEntry> entries = this.admin.queues().entries("mixed", 0, -1);
		assertThat(entries).extracting(StoredEntry::jobId).containsExactly(queued, null);
		assertThat(entries.get(0).job()).isEqualTo(Job.of("mixed", "Adder", 1));
		assertThat(entries.get(1).job()).isNull();
		assertThat(entries.get(1).raw()).isEqualTo("not json {");
		// delayed entries stay id-free, as resque-scheduler writes them; the id kept beside each is found again
		assertThat(this.admin.delayed().entriesAt(at)).extracting(StoredEntry::jobId).containsExactly(delayed);
		assertThat(this.admin.delayed().entries(10).values()).flatExtracting((list) -> list)
			.extracting(StoredEntry::jobId)
			.containsExactly(delayed);
		assertThat(this.admin.delayed().entries(0)).isEmpty();
	}

	@Test
	void aFailedEntryIsReadFromItsStoredText() {
		String raw = this.codec.encodeFailure("host:1", "math", "{\"class\":\"Adder\",\"queue\":\"math\",\"args\":[3]}",
				"E", "boom", List.of("at here"), Instant.now());
		FailedJob entry = this.admin.failures().entry(raw);
		assertThat(entry.payload()).isEqualTo(Job.of("math", "Adder", 3));
		assertThat(entry.json()).isEqualTo(raw);
		assertThat(this.admin.failures().entry("{oops").error()).startsWith("Unreadable failed entry");
	}

	@Test
	void ourWorkersProcessRecordsWhatItRunsAndGoesWithIt() {
		this.container = new ResqueWorkerContainer(this.factory, this.keys, this.codec,
				new JobInvoker(new JobRegistry(), this.codec), new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("a", List.of("one"), 2, Duration.ofMillis(100)),
						new WorkerPoolSettings("b", List.of("two", "three"), 1, Duration.ofMillis(100))),
				Duration.ofMillis(200), Duration.ofSeconds(5));
		this.container.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.admin.workers().processes().isEmpty());
		List<ProcessRecord> processes = this.admin.workers().processes();
		assertThat(processes).hasSize(1);
		ProcessRecord process = processes.get(0);
		assertThat(process.id()).isEqualTo(WorkerNames.processId());
		assertThat(process.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(WorkerNames.hostAndPid()).startsWith(process.host() + ":");
		assertThat(process.threads()).isEqualTo(3);
		assertThat(process.busy()).isZero();
		assertThat(process.queues()).containsExactly("one", "two,three");
		assertThat(process.memoryUsed()).isPositive().isLessThanOrEqualTo(process.memoryMax());
		assertThat(process.updatedAt()).isAfterOrEqualTo(process.startedAt());
		// it lapses a few pings after the process is gone
		assertThat(this.redis.getExpire(this.keys.process(process.id()), TimeUnit.MILLISECONDS)).isPositive();

		this.container.stop();
		this.container = null;
		assertThat(this.redis.hasKey(this.keys.process(process.id()))).isFalse();
		assertThat(this.admin.workers().processes()).isEmpty();
	}

	@Test
	void batchesAreListedNewestFirst() throws Exception {
		String first = this.resque.batch().description("first").enqueue((jobs) -> jobs.add(Job.of("b", "Adder", 1))).batchId();
		Thread.sleep(5);
		String second = this.resque.batch().description("second").enqueue((jobs) -> jobs.add(Job.of("b", "Adder", 2))).batchId();
		assertThat(this.admin.jobs().batches(10)).extracting(BatchStatus::id).containsExactly(second, first);
		assertThat(this.admin.jobs().batches(1)).extracting(BatchStatus::description).containsExactly("second");
	}

	@Test
	void schedulesAreListedConfiguredFirstThenDynamicOnesWithWhetherPaused() {
		RecurringJob configured = RecurringJob.cron("nightly", Job.of("r", "Report"), "0 0 2 * * *", ZoneId.of("UTC"));
		this.admin.schedules().put(RecurringJob.every("often", Job.of("r", "Ping"), Duration.ofMinutes(5)));
		// a dynamic schedule named as a configured one is not fired, and not listed twice
		this.admin.schedules().put(RecurringJob.every("nightly", Job.of("r", "Other"), Duration.ofMinutes(1)));
		this.admin.schedules().pause("often");

		List<ScheduleView.Listed> listed = this.admin.schedules().listed(List.of(configured));
		assertThat(listed).extracting((row) -> row.schedule().name(), ScheduleView.Listed::source, ScheduleView.Listed::paused)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("nightly", "configuration", false),
					org.assertj.core.groups.Tuple.tuple("often", "dynamic", true));
	}

}
