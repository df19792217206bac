package dev.resque.core.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.DelayedJobsMovedEvent;
import dev.resque.core.event.LeaderGainedEvent;
import dev.resque.core.event.LeaderLostEvent;
import dev.resque.core.event.RecurringJobFiredEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.event.WorkerCleanedEvent;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResqueSchedulerTests {

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate redis;

	private final Events events = new Events();

	private final List<ResqueScheduler> schedulers = new ArrayList<>();

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
		this.ns = TestRedis.newNamespace("Scheduler");
		this.keys = new ResqueKeys(this.ns);
		this.resque = new ResqueTemplate(factory, this.keys, new JobCodec());
		this.admin = new ResqueAdmin(factory, this.keys, new JobCodec());
	}

	@AfterEach
	void tearDown() {
		this.schedulers.forEach(ResqueScheduler::stop);
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	/** A scheduler started while another holds a leader lock, with a due job: it neither leads nor moves the job. */
	private ResqueScheduler startedOutsideTheLock() {
		this.resque.enqueueAt(Instant.now().minusSeconds(10), "q", "j", List.of());
		ResqueScheduler scheduler = scheduler(fast());
		scheduler.start();
		await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(scheduler.isLeader()).isFalse();
		assertThat(this.admin.queues().length("q")).isZero();
		return scheduler;
	}

	private ResqueScheduler scheduler(SchedulerSettings settings, List<RecurringJob> recurring, Clock clock) {
		ResqueScheduler scheduler = new ResqueScheduler(factory, this.keys, new JobCodec(), settings, () -> recurring,
				this.events, clock);
		this.schedulers.add(scheduler);
		return scheduler;
	}

	private ResqueScheduler scheduler(SchedulerSettings settings) {
		return scheduler(settings, List.of(), Clock.systemUTC());
	}

	private static SchedulerSettings fast() {
		return new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(2),
				StuckJobAction.REQUEUE, 2);
	}

	@Test
	void theLeaderKeepsTheFailedQueueAtItsCapInBoundedStepsOldestFirst() {
		List<String> entries = new java.util.ArrayList<>();
		for (int i = 0; i < 25_000; i++) {
			entries.add("{\"failed\":" + i + "}");
		}
		redis.opsForList().rightPushAll(this.keys.failed(), entries);
		ResqueScheduler scheduler = scheduler(fast());
		scheduler.setFailedMaxEntries(1_000);
		scheduler.start();
		// 24,000 over the cap: three polls of at most 10,000
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.opsForList().size(this.keys.failed()) == 1_000);
		assertThat(redis.opsForList().index(this.keys.failed(), 0)).isEqualTo("{\"failed\":24000}");
		assertThat(redis.opsForList().index(this.keys.failed(), -1)).isEqualTo("{\"failed\":24999}");
		redis.opsForList().rightPush(this.keys.failed(), "{\"failed\":25000}");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "{\"failed\":24001}".equals(redis.opsForList().index(this.keys.failed(), 0)));
		assertThat(redis.opsForList().size(this.keys.failed())).isEqualTo(1_000);
	}

	@Test
	void withoutACapEveryFailureIsKept() {
		List<String> entries = new java.util.ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			entries.add("{\"failed\":" + i + "}");
		}
		redis.opsForList().rightPushAll(this.keys.failed(), entries);
		scheduler(fast()).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.schedulers.get(0).isLeader());
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
			.until(() -> redis.opsForList().size(this.keys.failed()) == 2_000);
	}

	@Test
	void movesDueDelayedJobsAndLeavesFutureOnes() {
		Instant past = Instant.now().minusSeconds(30);
		for (int i = 0; i < 5; i++) {
			this.resque.enqueueAt(past, "math", "add", List.of(i, i));
		}
		this.resque.enqueueAt(past.minusSeconds(1), "other", "x", List.of());
		this.resque.enqueueAt(Instant.now().plusSeconds(3600), "math", "later", List.of());
		ResqueScheduler scheduler = scheduler(fast());
		scheduler.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("math") == 5);
		assertThat(this.admin.queues().jobs("math", 0, -1)).extracting(Job::args)
			.containsExactly(List.of(0, 0), List.of(1, 1), List.of(2, 2), List.of(3, 3), List.of(4, 4));
		assertThat(this.admin.queues().jobs("other", 0, -1)).containsExactly(Job.of("other", "x"));
		assertThat(this.admin.delayed().timestamps()).hasSize(1);
		assertThat(this.admin.delayed().scheduledAt("math", "later", List.of())).hasSize(1);
		assertThat(this.admin.delayed().scheduledAt("math", "add", List.of(1, 1))).isEmpty();
		assertThat(redis.keys(this.ns + ":timestamps:*")).hasSize(1);
		assertThat(redis.opsForZSet().size(this.ns + ":delayed_queue_schedule")).isEqualTo(1);
		assertThat(this.events.moved).extracting(DelayedJobsMovedEvent::count).containsExactly(1L, 5L);
	}

	@Test
	void movesJobsDelayedByRubyAndNodeInEitherOrder() {
		long past = Instant.now().minusSeconds(5).getEpochSecond();
		String ruby = "{\"class\":\"Archive\",\"args\":[1],\"queue\":\"files\"}";
		String node = "{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}";
		for (String payload : List.of(ruby, node)) {
			redis.opsForList().rightPush(this.ns + ":delayed:" + past, payload);
			redis.opsForSet().add(this.ns + ":timestamps:" + payload, "delayed:" + past);
		}
		redis.opsForZSet().add(this.ns + ":delayed_queue_schedule", Long.toString(past), past);
		scheduler(fast()).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("files") == 1 && this.admin.queues().length("math") == 1);
		assertThat(redis.opsForList().range(this.ns + ":queue:files", 0, -1)).containsExactly(ruby);
		assertThat(redis.opsForList().range(this.ns + ":queue:math", 0, -1)).containsExactly(node);
		assertThat(redis.keys(this.ns + ":timestamps:*")).isEmpty();
		assertThat(this.admin.queues().names()).containsExactly("files", "math");
	}

	@Test
	void delayedEntriesThatAreNotJobsGoToFailed() {
		long past = Instant.now().minusSeconds(5).getEpochSecond();
		redis.opsForList().rightPushAll(this.ns + ":delayed:" + past, "{oops", "{\"class\":\"noQueue\",\"args\":[]}");
		redis.opsForZSet().add(this.ns + ":delayed_queue_schedule", Long.toString(past), past);
		scheduler(fast()).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 2);
		List<FailedJob> failed = this.admin.failures().range(0, -1);
		assertThat(failed.get(0).error()).contains("cannot be enqueued: Payload is not valid JSON").contains("{oops");
		assertThat(failed.get(1).error()).contains("cannot be enqueued: Payload has no \"queue\"");
		assertThat(failed).extracting(FailedJob::exception).containsOnly(InvalidPayloadException.class.getName());
		assertThat(this.admin.delayed().timestamps()).isEmpty();
	}

	@Test
	void aBacklogOverManyTimestampsMovesEachJobOnceAndOneDamagedTimestampStopsNone() {
		Instant first = Instant.now().minusSeconds(600);
		for (int second = 0; second < 150; second++) {
			for (int job = 0; job < 3; job++) {
				this.resque.enqueueAt(first.plusSeconds(second), "math", "add", List.of(second, job));
			}
		}
		// a timestamp whose list is a string: the schedule names it among the others, read in one go
		long damaged = first.plusSeconds(75).getEpochSecond() * 10;
		redis.opsForValue().set(this.ns + ":delayed:" + damaged, "not a list");
		redis.opsForZSet().add(this.ns + ":delayed_queue_schedule", Long.toString(damaged), first.getEpochSecond() + 75);
		scheduler(fast()).start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.queues().length("math") == 450);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 1);
		List<List<Object>> args = this.admin.queues().jobs("math", 0, -1).stream().map(Job::args).toList();
		assertThat(args).doesNotHaveDuplicates().hasSize(450);
		assertThat(args.subList(0, 3)).containsExactly(List.of(0, 0), List.of(0, 1), List.of(0, 2));
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		assertThat(redis.opsForZSet().size(this.ns + ":delayed_queue_schedule")).isZero();
		assertThat(redis.keys(this.ns + ":timestamps:*")).isEmpty();
		assertThat(this.admin.failures().range(0, -1).get(0).error()).contains(Long.toString(damaged));
	}

	@Test
	void exactlyOneLeaderAndTheOtherTakesOverWhenItStops() {
		ResqueScheduler first = scheduler(fast());
		ResqueScheduler second = scheduler(fast());
		first.start();
		await().atMost(Duration.ofSeconds(5)).until(first::isLeader);
		second.start();
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(second.isLeader()).isFalse();
		assertThat(this.admin.leader()).contains(first.name());

		first.stop();
		await().atMost(Duration.ofSeconds(3)).until(second::isLeader);
		assertThat(this.admin.leader()).contains(second.name());
		assertThat(this.events.gained).extracting(LeaderGainedEvent::scheduler).containsExactly(first.name(), second.name());
		assertThat(this.events.lost).extracting(LeaderLostEvent::scheduler).containsExactly(first.name());
	}

	@Test
	void resqueSchedulersMasterLockKeepsOursOutAndOursKeepsItOut() {
		// as resque-scheduler 5 holds it (fixture 05-scheduler-leader): <ns>:<ns>:..., "<host>:<pid>", 180 s
		String rubyLock = this.ns + ":" + this.ns + ":resque_scheduler_master_lock";
		redis.opsForValue().set(rubyLock, "localhost:19181", Duration.ofSeconds(2));
		ResqueScheduler scheduler = startedOutsideTheLock();
		assertThat(redis.hasKey(this.ns + ":resque_scheduler_leader_lock")).isFalse();

		// once resque-scheduler's lock runs down, ours leads and holds both locks, renewed on every poll
		await().atMost(Duration.ofSeconds(5)).until(scheduler::isLeader);
		assertThat(redis.opsForValue().get(rubyLock)).isEqualTo(scheduler.name());
		assertThat(redis.opsForValue().get(this.ns + ":resque_scheduler_leader_lock")).isEqualTo(scheduler.name());
		assertThat(redis.getExpire(rubyLock)).isPositive();
		// resque-scheduler's acquire (SETNX) fails and its "locked?" check (GET == its value) says no
		assertThat(redis.opsForValue().setIfAbsent(rubyLock, "localhost:19181")).isFalse();
		assertThat(redis.opsForValue().get(rubyLock)).isNotEqualTo("localhost:19181");
		await().atMost(Duration.ofSeconds(2)).until(() -> this.admin.queues().length("q") == 1);

		scheduler.stop();
		assertThat(redis.hasKey(rubyLock)).isFalse();
		assertThat(redis.hasKey(this.ns + ":resque_scheduler_leader_lock")).isFalse();
	}

	@Test
	void aLockHeldByAnotherSchedulerIsNeitherTakenNorRenewed() {
		redis.opsForValue().set(this.ns + ":resque_scheduler_leader_lock", "node-host:42", Duration.ofSeconds(2));
		ResqueScheduler scheduler = startedOutsideTheLock();
		assertThat(redis.getExpire(this.ns + ":resque_scheduler_leader_lock")).isLessThanOrEqualTo(2);
		// once the other scheduler's lock expires, ours leads
		await().atMost(Duration.ofSeconds(5)).until(scheduler::isLeader);
		await().atMost(Duration.ofSeconds(2)).until(() -> this.admin.queues().length("q") == 1);
	}

	@Test
	void twoSchedulersMovingAtOnceMoveEachJobOnce() throws Exception {
		long past = Instant.now().minusSeconds(5).getEpochSecond();
		List<Job> jobs = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			jobs.add(Job.of("q", "n", i));
		}
		JobCodec codec = new JobCodec();
		for (Job job : jobs) {
			redis.opsForList().rightPush(this.ns + ":delayed:" + past, codec.encode(job));
		}
		redis.opsForZSet().add(this.ns + ":delayed_queue_schedule", Long.toString(past), past);
		SchedulerSettings settings = new SchedulerSettings(Duration.ofSeconds(1), Duration.ofSeconds(3),
				Duration.ofSeconds(60), StuckJobAction.REQUEUE, 50);
		ResqueScheduler a = scheduler(settings);
		ResqueScheduler b = scheduler(settings);
		Thread other = new Thread(a::moveDueJobs);
		other.start();
		b.moveDueJobs();
		other.join();
		assertThat(this.admin.queues().length("q")).isEqualTo(2_000);
		assertThat(this.admin.queues().jobs("q", 0, -1)).doesNotHaveDuplicates();
		assertThat(this.admin.delayed().timestamps()).isEmpty();
	}

	@Test
	void deadWorkersJobGoesBackToTheHeadOfItsQueue() {
		String payload = "{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}";
		registerWorker("deadhost:1+1", "math,other", Instant.now().minusSeconds(30),
				new JobCodec().workingOn(Instant.now().minusSeconds(40), "math", "deadhost:1+1", payload));
		registerWorker("alivehost:2+1", "math", Instant.now(), null);
		this.resque.enqueue("math", "next", List.of());
		redis.opsForValue().set(this.ns + ":stat:processed:deadhost:1+1", "3");
		scheduler(fast()).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("math") == 2);
		assertThat(redis.opsForList().range(this.ns + ":queue:math", 0, 0)).containsExactly(payload);
		assertThat(this.admin.workers().registered()).extracting((worker) -> worker.name()).containsExactly("alivehost:2+1");
		assertThat(redis.keys(this.ns + ":worker:deadhost*")).isEmpty();
		assertThat(redis.keys(this.ns + ":worker:ping:deadhost*")).isEmpty();
		assertThat(redis.hasKey(this.ns + ":stat:processed:deadhost:1+1")).isFalse();
		assertThat(redis.opsForHash().hasKey(this.ns + ":workers:heartbeat", "deadhost:1+1:math,other")).isFalse();
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.events.cleaned).singleElement().satisfies((event) -> {
			assertThat(event.worker()).isEqualTo("deadhost:1+1");
			assertThat(event.requeued()).isTrue();
			assertThat(event.job()).isEqualTo(Job.of("math", "add", 1, 2));
			assertThat(event.silentFor()).isGreaterThan(Duration.ofSeconds(25));
		});
	}

	@Test
	void deadNodeResqueWorkersJobIsRequeuedInNodeEncoding() {
		// node-resque's Lua writes the working-on record with cjson: other key order, [] as {}
		String record = "{\"run_at\":\"Sat Nov 28 2026 23:34:19 GMT+0000 (Coordinated Universal Time)\",\"worker\":\"nodehost:7\","
				+ "\"payload\":{\"class\":\"noop\",\"args\":{},\"queue\":\"math\"},\"queue\":\"math\"}";
		registerWorker("nodehost:7", "math", Instant.now().minusSeconds(30), record);
		scheduler(fast()).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("math") == 1);
		assertThat(redis.opsForList().range(this.ns + ":queue:math", 0, -1))
			.containsExactly("{\"class\":\"noop\",\"queue\":\"math\",\"args\":[]}");
		assertThat(this.admin.workers().registered()).isEmpty();
	}

	@Test
	void withFailActionTheJobGoesToFailedWithNodesRetryMarker() {
		String payload = "{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}";
		registerWorker("deadhost:1+1", "math", Instant.now().minusSeconds(30),
				new JobCodec().workingOn(Instant.now().minusSeconds(40), "math", "deadhost:1+1", payload));
		scheduler(new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(2),
				StuckJobAction.FAIL, 100)).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 1);
		FailedJob failed = this.admin.failures().range(0, 0).get(0);
		assertThat(failed.payload()).isEqualTo(Job.of("math", "add", 1, 2));
		assertThat(failed.json()).contains("\"payload\":" + payload);
		assertThat(failed.exception()).isEqualTo(DeadWorkerException.class.getName());
		assertThat(failed.error()).startsWith("Worker deadhost:1+1 stopped pinging").contains("stuck-worker timeout 2 s");
		assertThat(failed.backtrace()).element(1).isEqualTo("queue#forceCleanWorker");
		assertThat(failed.worker()).isEqualTo("deadhost:1+1:math");
		assertThat(failed.queue()).isEqualTo("math");
		assertThat(this.admin.stats().failed()).isEqualTo(1);
		assertThat(this.admin.queues().length("math")).isZero();
	}

	@Test
	void anIdleDeadWorkerIsRemovedWithoutCountingAFailure() {
		registerWorker("deadhost:1+1", "math", Instant.now().minusSeconds(30), null);
		scheduler(fast()).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.workers().registered().isEmpty());
		assertThat(redis.keys(this.ns + ":worker*")).isEmpty();
		assertThat(this.admin.stats().failed()).isZero();
		assertThat(this.events.cleaned).singleElement().satisfies((event) -> assertThat(event.job()).isNull());
	}

	@Test
	void recurringJobsFireOncePerSlotWithTwoSchedulers() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-29T08:59:58Z"));
		List<RecurringJob> recurring = List.of(
				RecurringJob.cron("nightly", Job.of("reports", "nightly"), "0 0 9 * * *", ZoneId.of("UTC")),
				RecurringJob.every("tick", Job.of("ticks", "tick", 1), Duration.ofSeconds(10)));
		ResqueScheduler a = scheduler(fast(), recurring, clock);
		ResqueScheduler b = scheduler(fast(), recurring, clock);
		assertThat(a.fireRecurringJobs() + b.fireRecurringJobs()).isZero();
		clock.set(Instant.parse("2026-11-29T09:00:00.300Z"));
		assertThat(a.fireRecurringJobs() + b.fireRecurringJobs()).isEqualTo(2);
		assertThat(a.fireRecurringJobs() + b.fireRecurringJobs()).isZero();
		clock.set(Instant.parse("2026-11-29T09:00:25Z"));
		assertThat(a.fireRecurringJobs() + b.fireRecurringJobs()).isEqualTo(1);
		assertThat(this.admin.queues().jobs("reports", 0, -1)).containsExactly(Job.of("reports", "nightly"));
		assertThat(this.admin.queues().jobs("ticks", 0, -1)).containsExactly(Job.of("ticks", "tick", 1), Job.of("ticks", "tick", 1));
		assertThat(this.events.fired).extracting(RecurringJobFiredEvent::firing).containsExactly(
				Instant.parse("2026-11-29T09:00:00Z"), Instant.parse("2026-11-29T09:00:00Z"),
				Instant.parse("2026-11-29T09:00:20Z"));
	}

	@Test
	void recurringJobsFireOnTimeWhileTheSchedulerRuns() {
		ResqueScheduler scheduler = scheduler(fast(),
				List.of(RecurringJob.every("tick", Job.of("ticks", "tick"), Duration.ofSeconds(1))), Clock.systemUTC());
		scheduler.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("ticks") >= 2);
		assertThat(this.events.fired).extracting(RecurringJobFiredEvent::firing).doesNotHaveDuplicates()
			.allSatisfy((firing) -> assertThat(firing.getNano()).isZero());
	}

	private void registerWorker(String name, String queues, Instant pingedAt, String record) {
		String id = name + ":" + queues;
		redis.opsForSet().add(this.ns + ":workers", id);
		redis.opsForValue().set(this.ns + ":worker:" + id + ":started", "2026-11-29 00:00:00 +0000");
		redis.opsForValue().set(this.ns + ":worker:ping:" + name,
				"{\"time\":" + pingedAt.getEpochSecond() + ",\"name\":\"" + name + "\",\"queues\":\"" + queues + "\"}");
		redis.opsForHash().put(this.ns + ":workers:heartbeat", id, "2026-11-29T00:00:00Z");
		if (record != null) {
			redis.opsForValue().set(this.ns + ":worker:" + id, record);
		}
	}

	static final class Events implements ResqueSchedulerListener {

		final List<LeaderGainedEvent> gained = new CopyOnWriteArrayList<>();

		final List<LeaderLostEvent> lost = new CopyOnWriteArrayList<>();

		final List<DelayedJobsMovedEvent> moved = new CopyOnWriteArrayList<>();

		final List<WorkerCleanedEvent> cleaned = new CopyOnWriteArrayList<>();

		final List<RecurringJobFiredEvent> fired = new CopyOnWriteArrayList<>();

		@Override
		public void leaderGained(LeaderGainedEvent event) {
			this.gained.add(event);
		}

		@Override
		public void leaderLost(LeaderLostEvent event) {
			this.lost.add(event);
		}

		@Override
		public void delayedJobsMoved(DelayedJobsMovedEvent event) {
			this.moved.add(event);
		}

		@Override
		public void workerCleaned(WorkerCleanedEvent event) {
			this.cleaned.add(event);
		}

		@Override
		public void recurringJobFired(RecurringJobFiredEvent event) {
			this.fired.add(event);
		}

	}

}
