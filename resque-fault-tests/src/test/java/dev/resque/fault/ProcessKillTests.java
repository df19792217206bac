package dev.resque.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.batch.BatchResult;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.queue.BatchStatus;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.JobStatus.State;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Worker and leader JVMs killed with SIGKILL: jobs in flight run again, delayed jobs are each moved once, and a
 * JVM restarted as PID 1 of a fresh PID namespace with the same hostname gets worker ids of its own.
 */
class ProcessKillTests {

	private final RedisServerProcess server = RedisServerProcess.startOnFreePort();

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.server.host(),
			this.server.port(), 0);

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private static final String NAMESPACE = "resque";

	private final ResqueKeys keys = new ResqueKeys(NAMESPACE);

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, new JobCodec());

	private final ResqueAdmin admin = new ResqueAdmin(this.factory, this.keys, new JobCodec());

	private final List<WorkerJvm> jvms = new ArrayList<>();

	private ResqueScheduler scheduler;

	@AfterEach
	void tearDown() {
		this.jvms.forEach(WorkerJvm::close);
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		this.factory.destroy();
		this.server.close();
	}

	@Test
	void workerJvmsKilledMidDrainLoseNoJob() {
		JobLedger ledger = new JobLedger(this.resque, this.redis, this.keys, "job-", 1_000);
		ledger.enqueueAll(10);
		startScheduler(Duration.ofSeconds(3));
		WorkerJvm a = jvm("a", List.of());
		WorkerJvm b = jvm("b", List.of());
		await().atMost(Duration.ofSeconds(60)).until(() -> ledger.completed() >= 150);
		a.kill();
		jvm("a2", List.of());
		await().atMost(Duration.ofSeconds(60)).until(() -> ledger.completed() >= 500);
		b.kill();
		List<String> survivors = new ArrayList<>(jvm("b2", List.of()).awaitWorkers(this.redis, this.keys));
		survivors.addAll(this.redis.opsForList().range(this.keys.key("test", "names", "a2"), 0, -1));

		await().atMost(Duration.ofSeconds(90)).until(ledger::allRan);
		// two kills of two threads each: at most four jobs were in flight
		ledger.assertEveryJobRanAtLeastOnce(4);
		assertThat(this.admin.failures().count()).isZero();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(this.admin.workers().registered())
			.extracting(WorkerRegistration::name)
			.containsExactlyInAnyOrderElementsOf(survivors));
		assertThat(this.admin.workers().statuses()).allSatisfy((status) -> assertThat(status.workingOn()).isNull());
	}

	@Test
	void theStatusOfAJobWhoseWorkerIsKilledShowsItRunningThenRequeuedThenSucceededElsewhere() {
		String id = this.resque.enqueue("q", "Recorded", List.of("tracked", 3_000)).jobId();
		assertThat(status(id).state()).isEqualTo(State.QUEUED);
		WorkerJvm doomed = jvm("doomed", List.of());
		List<String> doomedWorkers = doomed.awaitWorkers(this.redis, this.keys);
		JobLedger ledger = new JobLedger(this.resque, this.redis, this.keys, "unused-", 0);
		await().atMost(Duration.ofSeconds(30)).until(() -> ledger.started().containsKey("tracked"));
		JobStatus running = status(id);
		assertThat(running.state()).isEqualTo(State.RUNNING);
		assertThat(running.worker()).isIn(doomedWorkers);
		assertThat(running.attempts()).isOne();
		doomed.kill();

		startScheduler(Duration.ofSeconds(3));
		await().atMost(Duration.ofSeconds(30)).until(() -> status(id).state() == State.QUEUED);
		assertThat(status(id).requeued()).isOne();
		List<String> rescuers = jvm("rescuer", List.of()).awaitWorkers(this.redis, this.keys);
		await().atMost(Duration.ofSeconds(30)).until(() -> status(id).state() == State.SUCCEEDED);
		JobStatus succeeded = status(id);
		assertThat(succeeded.attempts()).isEqualTo(2);
		assertThat(succeeded.requeued()).isOne();
		assertThat(succeeded.worker()).isIn(rescuers);
		assertThat(ledger.runs()).containsEntry("tracked", 1L);
		assertThat(this.admin.jobs().history(0, 10)).extracting(JobStatus::id).containsExactly(id);
	}

	@Test
	void aBatchOfAThousandJobsOnThreeInstancesOneKilledMidBatchFiresItsCallbackOnce() {
		JobLedger ledger = new JobLedger(this.resque, this.redis, this.keys, "member-", 1_000);
		startScheduler(Duration.ofSeconds(3));
		WorkerJvm doomed = jvm("batch-a", List.of());
		jvm("batch-b", List.of());
		jvm("batch-c", List.of());
		BatchResult batch = this.resque.batch()
			.onComplete(Job.of("q", "Recorded", "batch-complete", 0))
			.onSuccess(Job.of("q", "Recorded", "batch-success", 0))
			.enqueue((jobs) -> ledger.ids().forEach((id) -> jobs.add(Job.of("q", "Recorded", id, 10))));
		await().atMost(Duration.ofSeconds(60)).until(() -> ledger.completed() >= 200);
		doomed.kill();
		await().atMost(Duration.ofSeconds(120)).until(() -> ledger.runs().containsKey("batch-success"));
		assertThat(ledger.allRan()).isTrue();
		// the killed instance's two jobs in flight were run again elsewhere; each member counted once
		BatchStatus status = this.admin.jobs().batch(batch.batchId()).orElseThrow();
		assertThat(status.total()).isEqualTo(1_000);
		assertThat(status.pending()).isZero();
		assertThat(status.succeeded()).isEqualTo(1_000);
		await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(ledger.runs()).containsEntry("batch-complete", 1L).containsEntry("batch-success", 1L);
	}

	private JobStatus status(String id) {
		return this.admin.jobs().status(id).orElseThrow(() -> new AssertionError("No status for job " + id));
	}

	@Test
	void aJvmRestartedAsPidOneWithTheSameHostnameGetsNewWorkerIds() {
		List<String> namespace = List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child");
		this.resque.enqueue("q", "Recorded", List.of("first", 3_000));
		this.resque.enqueue("q", "Recorded", List.of("second", 3_000));
		WorkerJvm before = jvm("pid1-before", namespace);
		List<String> oldNames = before.awaitWorkers(this.redis, this.keys);
		assertThat(oldNames).allSatisfy((name) -> assertThat(name).contains(":1-"));
		JobLedger ledger = new JobLedger(this.resque, this.redis, this.keys, "unused-", 0);
		await().atMost(Duration.ofSeconds(30)).until(() -> ledger.started().keySet().containsAll(List.of("first", "second")));
		before.kill();
		assertThat(ledger.runs()).isEmpty();

		List<String> newNames = jvm("pid1-after", namespace).awaitWorkers(this.redis, this.keys);
		assertThat(newNames).allSatisfy((name) -> assertThat(name).contains(":1-")).doesNotContainAnyElementsOf(oldNames);
		startScheduler(Duration.ofSeconds(3));
		await().atMost(Duration.ofSeconds(30)).until(() -> ledger.runs().keySet().containsAll(List.of("first", "second")));
		assertThat(ledger.runs()).containsEntry("first", 1L).containsEntry("second", 1L);
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void aKilledLeaderIsReplacedWithinTheLockTimeoutAndEveryDelayedJobMovesOnce() {
		WorkerJvm leader = jvm("leader", List.of(), "-Dfault.concurrency=0", "-Dfault.scheduler=true");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.redis.hasKey(this.keys.key("test", "scheduler", "leader")));
		String leaderName = this.redis.opsForValue().get(this.keys.key("test", "scheduler", "leader"));
		await().atMost(Duration.ofSeconds(10)).until(() -> leaderName.equals(this.redis.opsForValue().get(this.keys.leaderLock())));
		// this instance's scheduler with the default settings waits for the lock
		this.scheduler = new ResqueScheduler(this.factory, this.keys, new JobCodec(), SchedulerSettings.defaults(),
				List::of, new ResqueSchedulerListener() {
				});
		this.scheduler.start();
		Instant due = Instant.now().plusSeconds(2);
		List<Job> delayed = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			delayed.add(Job.of("q", "Recorded", "delayed-" + i, 0));
		}
		for (Job job : delayed) {
			this.resque.enqueueAt(due.plusMillis(i(job) % 3 * 1000L), job);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.admin.queues().length("q") > 0);
		leader.kill();
		long killedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(25)).until(() -> this.scheduler.isLeader());
		Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
		System.out.println("Leader failover after SIGKILL with default settings: " + failover.toMillis() + " ms");
		// the lock runs down (15 s), then the next poll takes it; the margin is for a loaded machine
		assertThat(failover).isLessThan(SchedulerSettings.defaults().leaderLockTimeout().plusSeconds(4));

		await().atMost(Duration.ofSeconds(20)).until(() -> this.admin.queues().length("q") == 5_000);
		List<String> queued = this.redis.opsForList().range(this.keys.queue("q"), 0, -1);
		Set<String> distinct = new HashSet<>(queued);
		assertThat(distinct).hasSize(5_000);
		assertThat(this.admin.delayed().timestamps()).isEmpty();
	}

	@Test
	void aKilledWorkersJobIsBackWithinTheStuckTimeoutWithDefaultSettings() {
		this.resque.enqueue("q", "Recorded", List.of("held", 600_000));
		WorkerJvm worker = jvm("defaults", List.of(), "-Dfault.concurrency=1", "-Dfault.ping=5000");
		JobLedger ledger = new JobLedger(this.resque, this.redis, this.keys, "unused-", 0);
		await().atMost(Duration.ofSeconds(60)).until(() -> ledger.started().containsKey("held"));
		this.scheduler = new ResqueScheduler(this.factory, this.keys, new JobCodec(), SchedulerSettings.defaults(),
				List::of, new ResqueSchedulerListener() {
				});
		this.scheduler.start();
		worker.kill();
		long killedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(75)).until(() -> this.admin.queues().length("q") == 1);
		Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
		System.out.println("Killed worker's job back on its queue with default settings: " + recovery.toMillis() + " ms");
		Duration stuck = SchedulerSettings.defaults().stuckWorkerTimeout();
		assertThat(recovery).isLessThan(stuck.plus(SchedulerSettings.defaults().pollInterval()).plusSeconds(3));
		assertThat(this.admin.workers().registered()).isEmpty();
	}

	@Test
	void aKilledWorkersConcurrencySlotIsHeldWhileItLivesAndLapsesWithItsLease() throws Exception {
		// a limit of one on q: the job "held" takes the only slot, renewed by pings every 200 ms (a 600 ms lease)
		this.resque.enqueue("q", "Recorded", List.of("held", 600_000));
		WorkerJvm holder = jvm("slot-holder", List.of(), "-Dfault.concurrency=1", "-Dfault.maxConcurrency=1");
		JobLedger ledger = new JobLedger(this.resque, this.redis, this.keys, "unused-", 0);
		await().atMost(Duration.ofSeconds(60)).until(() -> ledger.started().containsKey("held"));
		jvm("slot-waiter", List.of(), "-Dfault.concurrency=2", "-Dfault.maxConcurrency=1")
			.awaitWorkers(this.redis, this.keys);
		this.resque.enqueue("q", "Recorded", List.of("next", 0));
		// well past the lease: the holder's pings keep the slot, so the other instance's idle workers wait
		Thread.sleep(2_000);
		assertThat(ledger.started()).doesNotContainKey("next");
		assertThat(this.admin.queues().length("q")).isOne();
		holder.kill();
		long killedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).until(() -> ledger.started().containsKey("next"));
		Duration freed = Duration.ofNanos(System.nanoTime() - killedAt);
		System.out.println("Killed worker's concurrency slot taken by another instance after " + freed.toMillis() + " ms");
		assertThat(freed).isLessThan(Duration.ofSeconds(3));
	}

	private static int i(Job job) {
		return Integer.parseInt(((String) job.args().get(0)).substring("delayed-".length()));
	}

	private WorkerJvm jvm(String tag, List<String> wrapper, String... options) {
		WorkerJvm jvm = WorkerJvm.start(this.server, NAMESPACE, tag, wrapper, options);
		this.jvms.add(jvm);
		return jvm;
	}

	/**
	 * A fast scheduler in this JVM. Pings are whole seconds: the timeout leaves a live worker (pinging every 200 ms)
	 * two seconds of slack on a loaded machine.
	 */
	private void startScheduler(Duration stuckWorkerTimeout) {
		this.scheduler = new ResqueScheduler(this.factory, this.keys, new JobCodec(), new SchedulerSettings(
				Duration.ofMillis(200), Duration.ofSeconds(5), stuckWorkerTimeout, StuckJobAction.REQUEUE, 100),
				List::of, new ResqueSchedulerListener() {
				});
		this.scheduler.start();
	}

}
