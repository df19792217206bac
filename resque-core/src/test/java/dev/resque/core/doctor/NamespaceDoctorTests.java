package dev.resque.core.doctor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The namespace doctor against a real Redis: a namespace seeded with each kind of damage (one test per finding:
 * found with its count and an example, repaired on request, then healthy), and a healthy busy namespace of
 * 100,000 keys with live workers, where it finds nothing, in bounded time.
 */
class NamespaceDoctorTests {

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(TestRedis.get());

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final String ns = TestRedis.newNamespace("Doctor");

	private final ResqueKeys keys = new ResqueKeys(this.ns);

	private final JobCodec codec = new JobCodec();

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, this.codec);

	private final ResqueAdmin admin = new ResqueAdmin(this.factory, this.keys, this.codec);

	private final NamespaceDoctor doctor = new NamespaceDoctor(new RedisCalls(this.factory), this.keys, this.codec);

	private ResqueWorkerContainer container;

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.factory.destroy();
	}

	/** The only finding, of this kind and count. */
	private Finding only(FindingKind kind, long count) {
		DoctorReport report = this.doctor.examine();
		assertThat(report.findings()).extracting(Finding::kind).containsExactly(kind);
		Finding finding = report.findings().get(0);
		assertThat(finding.count()).isEqualTo(count);
		assertThat(finding.examples()).isNotEmpty();
		return finding;
	}

	private void healthy() {
		DoctorReport report = this.doctor.examine();
		assertThat(report.findings()).isEmpty();
		assertThat(report.healthy()).isTrue();
	}

	@Test
	void anEntryOfAQueueThatIsNotAJobMovesToTheFailedQueueOnRequest() {
		this.resque.enqueue(Job.of("q", "Adder", 1));
		this.redis.opsForList().rightPush(this.keys.queue("q"), "not json {");
		Finding finding = only(FindingKind.MALFORMED_QUEUE_ENTRY, 1);
		assertThat(finding.examples().get(0)).contains("not json {");
		assertThat(finding.fixCommand()).isEqualTo("--repair MALFORMED_QUEUE_ENTRY");

		assertThat(this.doctor.repair(FindingKind.MALFORMED_QUEUE_ENTRY)).isOne();
		assertThat(this.admin.queues().jobs("q", 0, -1)).containsExactly(Job.of("q", "Adder", 1));
		FailedJob failed = this.admin.failures().range(0, -1).get(0);
		assertThat(failed.exception()).isEqualTo("MalformedEntry");
		assertThat(failed.queue()).isEqualTo("q");
		assertThat(failed.json()).contains("not json {");
		healthy();
	}

	@Test
	void anEntryOfADelayedListThatIsNotAJobMovesToTheFailedQueueAndItsTimeGoes() {
		this.resque.enqueueIn(Duration.ofHours(1), Job.of("q", "Adder", 2));
		this.redis.opsForList().rightPush(this.keys.delayed(1_900_000_000L), "{\"class\":");
		this.redis.opsForZSet().add(this.keys.delayedSchedule(), "1900000000", 1_900_000_000L);
		only(FindingKind.MALFORMED_DELAYED_ENTRY, 1);

		assertThat(this.doctor.repair(FindingKind.MALFORMED_DELAYED_ENTRY)).isOne();
		assertThat(this.admin.failures().range(0, -1)).extracting(FailedJob::exception).containsExactly("MalformedEntry");
		assertThat(this.admin.delayed().count()).isOne();
		assertThat(this.redis.opsForZSet().score(this.keys.delayedSchedule(), "1900000000")).isNull();
		healthy();
	}

	@Test
	void aFailedEntryThatCannotBeReadBecomesAReadableOneKeepingItsText() {
		this.redis.opsForList().rightPush(this.keys.failed(), "garbage [");
		only(FindingKind.MALFORMED_FAILED_ENTRY, 1);
		assertThat(this.doctor.repair(FindingKind.MALFORMED_FAILED_ENTRY)).isOne();
		FailedJob entry = this.admin.failures().range(0, -1).get(0);
		assertThat(entry.exception()).isEqualTo("UnreadableFailedEntry");
		assertThat(entry.json()).contains("garbage [");
		healthy();
	}

	@Test
	void aWorkingOnRecordOfNoRegisteredWorkerGivesItsJobBack() {
		String payload = "{\"class\":\"Adder\",\"queue\":\"q\",\"args\":[3],\"id\":\"" + JobIds.next() + "\"}";
		this.redis.opsForValue().set(this.keys.worker("gone:1+1:q"), this.codec.workingOn(Instant.now(), "q", "gone:1+1", payload));
		only(FindingKind.ORPHANED_WORKING_ON, 1);
		assertThat(this.doctor.repair(FindingKind.ORPHANED_WORKING_ON)).isOne();
		// back at the front of its queue, byte for byte, id included
		assertThat(this.redis.opsForList().range(this.keys.queue("q"), 0, -1)).containsExactly(payload);
		assertThat(this.redis.hasKey(this.keys.worker("gone:1+1:q"))).isFalse();
		healthy();
	}

	@Test
	void aWorkerThatNeverPingsIsUnregisteredAndWhatItHeldGoesBack() {
		this.redis.opsForSet().add(this.keys.workers(), "silent:7+1:q", "idle:8+1:q");
		this.redis.opsForValue().set(this.keys.workerStarted("silent:7+1:q"), "2026-12-01 10:00:00 +0000");
		String payload = "{\"class\":\"Adder\",\"queue\":\"q\",\"args\":[4]}";
		this.redis.opsForValue().set(this.keys.worker("silent:7+1:q"), this.codec.workingOn(Instant.now(), "q", "silent:7+1", payload));
		// a Ruby worker tells it lives by its heartbeat alone: not a finding
		this.redis.opsForSet().add(this.keys.workers(), "ruby:9:q");
		this.redis.opsForHash().put(this.keys.heartbeats(), "ruby:9:q", "2026-12-01T10:00:00+00:00");
		only(FindingKind.WORKER_WITHOUT_PING, 2);

		assertThat(this.doctor.repair(FindingKind.WORKER_WITHOUT_PING)).isEqualTo(2);
		assertThat(this.redis.opsForSet().members(this.keys.workers())).containsExactly("ruby:9:q");
		assertThat(this.redis.opsForList().range(this.keys.queue("q"), 0, -1)).containsExactly(payload);
		assertThat(this.redis.hasKey(this.keys.workerStarted("silent:7+1:q"))).isFalse();
		healthy();
	}

	@Test
	void aWorkerWhosePingIsLongPastIsDeadAndItsJobGoesBack() {
		this.redis.opsForSet().add(this.keys.workers(), "old:3+1:q", "fresh:4+1:q");
		this.redis.opsForValue().set(this.keys.workerPing("old:3+1"), this.codec.ping(Instant.now().minus(Duration.ofHours(1)), "old:3+1", "q"));
		this.redis.opsForValue().set(this.keys.workerPing("fresh:4+1"), this.codec.ping(Instant.now(), "fresh:4+1", "q"));
		String payload = "{\"class\":\"Adder\",\"queue\":\"q\",\"args\":[8]}";
		this.redis.opsForValue().set(this.keys.worker("old:3+1:q"), this.codec.workingOn(Instant.now(), "q", "old:3+1", payload));
		Finding finding = only(FindingKind.WORKER_PING_STALE, 1);
		assertThat(finding.examples().get(0)).contains("old:3+1:q").contains("last ping");
		assertThat(this.doctor.repair(FindingKind.WORKER_PING_STALE)).isOne();
		assertThat(this.redis.opsForSet().members(this.keys.workers())).containsExactly("fresh:4+1:q");
		assertThat(this.redis.opsForList().range(this.keys.queue("q"), 0, -1)).containsExactly(payload);
		healthy();
	}

	@Test
	void aLockThatNeverExpiresAndWhoseTimeHasPassedIsLeaked() {
		long now = Instant.now().getEpochSecond();
		this.redis.opsForValue().set(this.keys.queueLock("Adder", "q", "[1]"), (now - 60) + ".token");
		this.redis.opsForValue().set(this.keys.jobLock("Adder", "q", "[2]"), "not a time");
		// not leaked: one that expires by itself, and one whose own time is still ahead
		this.redis.opsForValue().set(this.keys.queueLock("Adder", "q", "[3]"), (now - 60) + ".token", Duration.ofMinutes(5));
		this.redis.opsForValue().set(this.keys.queueLock("Adder", "q", "[4]"), (now + 600) + ".token");
		only(FindingKind.LEAKED_LOCK, 2);
		assertThat(this.doctor.repair(FindingKind.LEAKED_LOCK)).isEqualTo(2);
		assertThat(this.redis.hasKey(this.keys.queueLock("Adder", "q", "[1]"))).isFalse();
		assertThat(this.redis.hasKey(this.keys.queueLock("Adder", "q", "[3]"))).isTrue();
		healthy();
	}

	@Test
	void aListedQueueWithoutAListCanBeUnlisted() {
		this.redis.opsForSet().add(this.keys.queues(), "drained");
		only(FindingKind.QUEUE_WITHOUT_LIST, 1);
		assertThat(this.doctor.examine().healthy()).as("a note only").isTrue();
		assertThat(this.doctor.repair(FindingKind.QUEUE_WITHOUT_LIST)).isOne();
		assertThat(this.redis.opsForSet().members(this.keys.queues())).isEmpty();
		healthy();
	}

	@Test
	void aQueueListMissingFromTheQueuesSetIsListed() {
		this.redis.opsForList().rightPush(this.keys.queue("hidden"), this.codec.encode(Job.of("hidden", "Adder", 5)));
		only(FindingKind.LIST_NOT_IN_QUEUES, 1);
		assertThat(this.doctor.repair(FindingKind.LIST_NOT_IN_QUEUES)).isOne();
		assertThat(this.admin.queues().names()).containsExactly("hidden");
		healthy();
	}

	@Test
	void aPayloadInTheOtherDialectIsReportedAndLeftAlone() {
		this.redis.opsForSet().add(this.keys.queues(), "q");
		this.redis.opsForList().rightPush(this.keys.queue("q"), "{\"class\":\"Adder\",\"args\":[6],\"queue\":\"q\"}");
		Finding finding = only(FindingKind.FOREIGN_DIALECT_PAYLOAD, 1);
		assertThat(finding.fixCommand()).isEmpty();
		assertThat(this.doctor.repair(FindingKind.FOREIGN_DIALECT_PAYLOAD)).isZero();
		assertThat(this.admin.queues().length("q")).isOne();
		// in a Ruby namespace it is the other way round
		NamespaceDoctor ruby = new NamespaceDoctor(new RedisCalls(this.factory), this.keys, new JobCodec(dev.resque.core.codec.WireDialect.RUBY));
		assertThat(ruby.examine().findings()).isEmpty();
	}

	@Test
	void aScheduledTimeWithoutItsListIsUnscheduled() {
		this.redis.opsForZSet().add(this.keys.delayedSchedule(), "1800000000", 1_800_000_000L);
		only(FindingKind.SCHEDULE_ENTRY_WITHOUT_LIST, 1);
		assertThat(this.doctor.repair(FindingKind.SCHEDULE_ENTRY_WITHOUT_LIST)).isOne();
		assertThat(this.redis.opsForZSet().zCard(this.keys.delayedSchedule())).isZero();
		healthy();
	}

	@Test
	void aLeaderLockThatNeverExpiresIsDeleted() {
		this.redis.opsForValue().set(this.keys.leaderLock(), "host:1-ab+scheduler-1");
		only(FindingKind.LEADER_LOCK_WITHOUT_EXPIRY, 1);
		assertThat(this.doctor.repair(FindingKind.LEADER_LOCK_WITHOUT_EXPIRY)).isOne();
		assertThat(this.redis.hasKey(this.keys.leaderLock())).isFalse();
		// one with its lease is a leader at work
		this.redis.opsForValue().set(this.keys.leaderLock(), "host:1-ab+scheduler-1", Duration.ofSeconds(30));
		healthy();
	}

	@Test
	void aHealthyBusyNamespaceOfAHundredThousandKeysHasNoFindings() {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(Slow.class), Slow::new);
		this.container = new ResqueWorkerContainer(this.factory, this.keys, this.codec, new JobInvoker(registry, this.codec),
				new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("busy", List.of("busy"), 2, Duration.ofMillis(50))), Duration.ofMillis(500),
				Duration.ofSeconds(5));
		for (int i = 0; i < 400; i++) {
			this.resque.enqueue(Job.of("busy", "Slow", i));
		}
		this.container.start();
		long now = Instant.now().getEpochSecond();
		// 60,000 delayed times, 30,000 job statuses, 9,000 locks with their lease, 990 queues of one job
		for (int batch = 0; batch < 20; batch++) {
			int from = batch * 3_000;
			new RedisCalls(this.factory).pipeline("seed", (ops) -> {
				for (int i = from; i < from + 3_000; i++) {
					long at = now + 3_600 + i;
					ops.opsForList().rightPush(this.keys.delayed(at), this.codec.encode(Job.of("later", "Slow", i)));
					ops.opsForZSet().add(this.keys.delayedSchedule(), Long.toString(at), at);
					if (i < 30_000) {
						ops.opsForHash().put(this.keys.job(String.format("%024x", i)), "state", "succeeded");
					}
					if (i < 9_000) {
						ops.opsForValue().set(this.keys.jobLock("Slow", "busy", "[" + i + "]"), (now + 600) + ".t", Duration.ofMinutes(10));
					}
					if (i < 990) {
						ops.opsForList().rightPush(this.keys.queue("q" + i), this.codec.encode(Job.of("q" + i, "Slow", i)));
						ops.opsForSet().add(this.keys.queues(), "q" + i);
					}
				}
			});
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.workers().statuses().stream().anyMatch((s) -> s.workingOn() != null));

		DoctorReport report = this.doctor.examine();
		DoctorMain.print(report, System.out);
		// a queue the workers drained meanwhile is a note, not damage
		assertThat(report.findings()).as("no false findings")
			.allSatisfy((finding) -> assertThat(finding.kind()).isEqualTo(FindingKind.QUEUE_WITHOUT_LIST));
		assertThat(report.healthy()).isTrue();
		assertThat(report.keysScanned()).isGreaterThan(100_000);
		assertThat(report.entriesRead()).isGreaterThan(60_900);
		assertThat(report.complete()).isTrue();
		assertThat(report.took()).as("bounded time").isLessThan(Duration.ofSeconds(60));
	}

	@Test
	void theMainClassReportsRepairsAndExitsWithWhatItFound() throws Exception {
		this.redis.opsForSet().add(this.keys.queues(), "drained");
		String redisUrl = "redis://" + TestRedis.get().host() + ":" + TestRedis.get().port() + "/" + TestRedis.get().database();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
		this.redis.opsForSet().add(this.keys.workers(), "silent:7+1:q");
		assertThat(DoctorMain.run(new String[] { "--redis", redisUrl, "--namespace", this.ns }, print, print)).isOne();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("WORKER_WITHOUT_PING: 1")
			.contains("QUEUE_WITHOUT_LIST (note): 1")
			.contains("apply: --repair QUEUE_WITHOUT_LIST");
		assertThat(DoctorMain.run(new String[] { "--redis", redisUrl, "--namespace", this.ns, "--repair", "worker_without_ping" },
				print, print)).as("only a note is left").isZero();
		assertThat(DoctorMain.run(new String[] { "--bogus" }, print, print)).isEqualTo(2);

		// run with java -cp, as an operator would, repairing
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), DoctorMain.class.getName(), "--redis", redisUrl, "--namespace", this.ns,
				"--repair", "queue_without_list")
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(printed).isZero();
		assertThat(printed).contains("Repaired 1 place(s) with QUEUE_WITHOUT_LIST").contains("No findings.");
		assertThat(this.redis.opsForSet().members(this.keys.queues())).isEmpty();
	}

	@dev.resque.core.job.ResqueJob(name = "Slow", queue = "busy")
	static class Slow {

		public void perform(int n) throws InterruptedException {
			Thread.sleep(20);
		}

	}

}
