package dev.resque.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobEncodingException;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.ResqueStats;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.queue.WorkerStatus;
import dev.resque.core.queue.WorkingOn;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every template method against a real Redis, checking the keys and bytes other implementations read. */
class ResqueTemplateTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private String ns;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisConnections.connectionFactory(TestRedis.get());
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void newNamespace() {
		this.ns = TestRedis.newNamespace("ResqueTemplateTests");
		this.resque = new ResqueTemplate(connectionFactory, new ResqueKeys(this.ns), new JobCodec());
		this.admin = new ResqueAdmin(connectionFactory, new ResqueKeys(this.ns), new JobCodec());
	}

	@AfterEach
	void cleanUp() {
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	@Test
	void typedEnqueueUsesTheAnnotationsQueueAndName() {
		EnqueueResult result = this.resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK);
		assertThat(result.enqueued()).isTrue();
		assertThat(redis.opsForList().range(this.ns + ":queue:mailers", 0, -1))
			.containsExactly("{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":[\"a@b.c\",\"en_GB\"],\"id\":\""
					+ result.jobId() + "\"}");
		assertThat(redis.opsForSet().members(this.ns + ":queues")).containsExactly("mailers");
		this.resque.enqueue(NamedJob.class, 1, 2);
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(new Job("add", "math", List.of(1, 2)));
	}

	@Test
	void rawEnqueueWritesTheSameBytesAsNodeResque() {
		String id = this.resque.enqueue("math", "add", List.of(1, 2)).jobId();
		// node-resque's bytes, with the job's id as a last field, which node-resque ignores
		assertThat(redis.opsForList().range(this.ns + ":queue:math", 0, -1))
			.containsExactly("{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2],\"id\":\"" + id + "\"}");
	}

	@Test
	void rawEnqueueAcceptsJobsNoJavaClassKnows() {
		assertThat(this.resque.enqueue("ruby", "Archive", List.of(44, "masterbrew")).enqueued()).isTrue();
		assertThat(this.admin.queues().length("ruby")).isEqualTo(1);
	}

	@Test
	void typedEnqueueChecksTheClassBeforeSending() {
		assertThatThrownBy(() -> this.resque.enqueue(String.class, "x")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("java.lang.String is not a job: annotate it with @ResqueJob");
		assertThatThrownBy(() -> this.resque.enqueue(SendWelcomeMail.class, "only-one"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("perform(String, Locale)")
			.hasMessageContaining("1 argument");
		assertThat(this.admin.queues().names()).isEmpty();
	}

	@Test
	void argumentsThatCannotBeWrittenSendNothing() {
		assertThatThrownBy(() -> this.resque.enqueue("q", "upload", List.of(new Object())))
			.isInstanceOf(JobEncodingException.class);
		assertThatThrownBy(() -> this.resque.enqueueAll(List.of(Job.of("q", "ok", 1), Job.of("q", "bad", new Object()))))
			.isInstanceOf(JobEncodingException.class);
		assertThat(this.admin.queues().names()).isEmpty();
		assertThat(this.admin.queues().length("q")).isZero();
	}

	@Test
	void enqueueAllPushesEveryJobInOrder() {
		List<Job> jobs = new java.util.ArrayList<>();
		for (int i = 0; i < 12_000; i++) {
			jobs.add(Job.of((i % 2 == 0) ? "even" : "odd", "count", i));
		}
		assertThat(this.resque.enqueueAll(jobs).stream().filter((result) -> result.enqueued()).count()).isEqualTo(12_000);
		assertThat(this.admin.queues().names()).containsExactly("even", "odd");
		assertThat(this.admin.queues().length("even")).isEqualTo(6_000);
		assertThat(this.admin.queues().jobs("odd", 0, 2)).containsExactly(Job.of("odd", "count", 1), Job.of("odd", "count", 3),
				Job.of("odd", "count", 5));
		assertThat(this.admin.queues().jobs("odd", -1, -1)).containsExactly(Job.of("odd", "count", 11_999));
	}

	@Test
	void queuesLengthQueuedAndDelQueue() {
		this.resque.enqueue("b", "x", List.of());
		this.resque.enqueue("a", "x", List.of(1));
		this.resque.enqueue("a", "x", List.of(2));
		assertThat(this.admin.queues().names()).containsExactly("a", "b");
		assertThat(this.admin.queues().length("a")).isEqualTo(2);
		assertThat(this.admin.queues().jobs("a", 1, 1)).containsExactly(Job.of("a", "x", 2));
		this.admin.queues().delete("a");
		assertThat(this.admin.queues().names()).containsExactly("b");
		assertThat(redis.hasKey(this.ns + ":queue:a")).isFalse();
	}

	@Test
	void delRemovesCopiesInNodeAndRubyEncodings() {
		this.resque.enqueue("q", "job", List.of(1, "a"));
		this.resque.enqueue("q", "job", List.of(2));
		this.resque.enqueue("q", "job", List.of(1, "a"));
		redis.opsForList().rightPush(this.ns + ":queue:q", "{\"class\":\"job\",\"args\":[1,\"a\"]}");
		assertThat(this.admin.queues().remove("q", "job", List.of(1, "a"), 2)).isEqualTo(2);
		assertThat(this.admin.queues().length("q")).isEqualTo(2);
		assertThat(this.admin.queues().remove("q", "job", List.of(1, "a"))).isEqualTo(1);
		assertThat(this.admin.queues().jobs("q", 0, -1)).containsExactly(Job.of("q", "job", 2));
	}

	@Test
	void queuedSkipsEntriesThatAreNotJobs() {
		redis.opsForList().rightPushAll(this.ns + ":queue:q", "{broken", "{\"class\":\"ok\",\"args\":[]}");
		assertThat(this.admin.queues().jobs("q", 0, -1)).containsExactly(Job.of("q", "ok"));
	}

	@Test
	void enqueueAtWritesResqueSchedulerLayout() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		assertThat(this.resque.enqueueAt(at, "math", "add", List.of(1, 2)).enqueued()).isTrue();
		String payload = "{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}";
		long second = at.getEpochSecond();
		assertThat(redis.opsForList().range(this.ns + ":delayed:" + second, 0, -1)).containsExactly(payload);
		assertThat(redis.opsForSet().members(this.ns + ":timestamps:" + payload)).containsExactly("delayed:" + second);
		assertThat(redis.opsForZSet().score(this.ns + ":delayed_queue_schedule", Long.toString(second)))
			.isEqualTo((double) second);
		assertThat(this.admin.queues().names()).isEmpty();
	}

	@Test
	void sameJobInTheSameSecondIsScheduledOnce() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		assertThat(this.resque.enqueueAt(at, "math", "add", List.of(1, 2)).enqueued()).isTrue();
		assertThat(this.resque.enqueueAt(at.minusMillis(300), "math", "add", List.of(1, 2)).enqueued()).isFalse();
		assertThat(this.resque.enqueueAt(at, "math", "add", List.of(3)).enqueued()).isTrue();
		assertThat(this.admin.delayed().at(at)).containsExactly(Job.of("math", "add", 1, 2), Job.of("math", "add", 3));
	}

	@Test
	void enqueueAtRoundsUpSoJobsNeverRunEarly() {
		Instant at = Instant.parse("2030-01-01T00:00:10.001Z");
		this.resque.enqueueAt(at, "q", "j", List.of());
		assertThat(this.admin.delayed().timestamps()).containsExactly(Instant.parse("2030-01-01T00:00:11Z"));
	}

	@Test
	void enqueueInSchedulesRelativeToNow() {
		Instant before = Instant.now();
		this.resque.enqueueIn(Duration.ofMinutes(5), SendWelcomeMail.class, "a@b.c", Locale.UK);
		List<Instant> times = this.admin.delayed().scheduledAt("mailers", "SendWelcomeMail", List.of("a@b.c", "en_GB"));
		assertThat(times).hasSize(1);
		assertThat(times.get(0)).isBetween(before.plusSeconds(300), Instant.now().plusSeconds(301));
	}

	@Test
	void timestampsAndAllDelayedAreInTimeOrder() {
		Instant ten = Instant.ofEpochSecond(10);
		Instant nine = Instant.ofEpochSecond(9);
		Instant hundred = Instant.ofEpochSecond(100);
		this.resque.enqueueAt(ten, "q", "a", List.of());
		this.resque.enqueueAt(hundred, "q", "b", List.of());
		this.resque.enqueueAt(nine, "q", "c", List.of());
		this.resque.enqueueAt(nine, "q", "d", List.of());
		assertThat(this.admin.delayed().timestamps()).containsExactly(nine, ten, hundred);
		Map<Instant, List<Job>> all = this.admin.delayed().all();
		assertThat(all.keySet()).containsExactly(nine, ten, hundred);
		assertThat(all.get(nine)).containsExactly(Job.of("q", "c"), Job.of("q", "d"));
	}

	@Test
	void scheduledAtAndDelDelayedFindBothEncodings() {
		Instant first = Instant.ofEpochSecond(1_000);
		Instant second = Instant.ofEpochSecond(2_000);
		this.resque.enqueueAt(first, "q", "job", List.of(1));
		this.resque.enqueueAt(second, "q", "other", List.of());
		// resque-scheduler writes class, args, queue
		String rubyPayload = "{\"class\":\"job\",\"args\":[1],\"queue\":\"q\"}";
		redis.opsForList().rightPush(this.ns + ":delayed:2000", rubyPayload);
		redis.opsForSet().add(this.ns + ":timestamps:" + rubyPayload, "delayed:2000");
		assertThat(this.admin.delayed().scheduledAt("q", "job", List.of(1))).containsExactly(first, second);
		assertThat(this.admin.delayed().scheduledAt("q", "job", List.of(2))).isEmpty();

		assertThat(this.admin.delayed().remove("q", "job", List.of(1))).containsExactly(first, second);
		assertThat(this.admin.delayed().scheduledAt("q", "job", List.of(1))).isEmpty();
		assertThat(this.admin.delayed().all()).containsOnlyKeys(second);
		assertThat(redis.opsForZSet().range(this.ns + ":delayed_queue_schedule", 0, -1)).containsExactly("2000");
		assertThat(redis.hasKey(this.ns + ":timestamps:" + rubyPayload)).isFalse();
	}

	@Test
	void locksAreListedWithoutNamespaceAndDeleted() {
		redis.opsForValue().set(this.ns + ":lock:uniqueJob:q:[1,2]", "123");
		redis.opsForValue().set(this.ns + ":workerslock:slowAdd:q:[1]", "456");
		assertThat(this.admin.locks().all()).containsExactly(Map.entry("lock:uniqueJob:q:[1,2]", "123"),
				Map.entry("workerslock:slowAdd:q:[1]", "456"));
		assertThat(this.admin.locks().delete("lock:uniqueJob:q:[1,2]")).isEqualTo(1);
		assertThat(this.admin.locks().delete("lock:uniqueJob:q:[1,2]")).isZero();
		assertThat(this.admin.locks().all()).containsOnlyKeys("workerslock:slowAdd:q:[1]");
	}

	@Test
	void workersAndWhatTheyWorkOn() {
		redis.opsForSet().add(this.ns + ":workers", "host:12+1:high,low", "rubyhost:99:*", "node:7:math");
		String record = "{\"run_at\":\"2026-11-28T23:34:19Z\",\"queue\":\"high\",\"worker\":\"host:12+1\",\"payload\":{\"class\":\"add\",\"queue\":\"high\",\"args\":[1]}}";
		redis.opsForValue().set(this.ns + ":worker:host:12+1:high,low", record);
		redis.opsForValue().set(this.ns + ":worker:rubyhost:99:*",
				"{\"queue\":\"bulk\",\"run_at\":\"2026-11-28T23:00:00Z\",\"payload\":{\"class\":\"Archive\",\"args\":[]}}");

		assertThat(this.admin.workers().registered()).containsExactly(
				new WorkerRegistration("host:12+1", List.of("high", "low"), "host:12+1:high,low"),
				new WorkerRegistration("node:7", List.of("math"), "node:7:math"),
				new WorkerRegistration("rubyhost:99", List.of("*"), "rubyhost:99:*"));
		WorkingOn expected = new WorkingOn("host:12+1", "high", Instant.parse("2026-11-28T23:34:19Z"), Job.of("high", "add", 1));
		assertThat(this.admin.workers().workingOn("host:12+1", "high,low")).contains(expected);
		assertThat(this.admin.workers().workingOn("node:7", "math")).isEmpty();

		List<WorkerStatus> statuses = this.admin.workers().statuses();
		assertThat(statuses).extracting((status) -> status.worker().name()).containsExactly("host:12+1", "node:7", "rubyhost:99");
		assertThat(statuses.get(0).workingOn()).isEqualTo(expected);
		assertThat(statuses.get(1).isIdle()).isTrue();
		assertThat(statuses.get(2).workingOn().payload()).isEqualTo(Job.of("bulk", "Archive"));
	}

	@Test
	void failedQueueIsReadRemovedAndRetried() {
		String nodeFailure = "{\"worker\":\"host1:111\",\"queue\":\"math\",\"payload\":{\"class\":\"boom\",\"queue\":\"math\",\"args\":[1]},"
				+ "\"exception\":\"TypeError\",\"error\":\"kaboom\",\"backtrace\":[\"    at x\"],\"failed_at\":\"Sat Nov 28 2026 23:34:19 GMT+0000 (Coordinated Universal Time)\"}";
		String ourFailure = new JobCodec().encodeFailure("host:2+1", "mail", "{\"class\":\"Send\",\"queue\":\"mail\",\"args\":[\"a\"]}",
				"java.lang.IllegalStateException", "no smtp", List.of("at A.b(A.java:1)"), Instant.parse("2026-11-28T23:34:20Z"));
		redis.opsForList().rightPushAll(this.ns + ":failed", nodeFailure, ourFailure, "not json");
		assertThat(this.admin.failures().count()).isEqualTo(3);

		List<FailedJob> failed = this.admin.failures().range(0, -1);
		assertThat(failed).extracting(FailedJob::error).containsExactly("kaboom", "no smtp", failed.get(2).error());
		assertThat(failed.get(2).error()).startsWith("Unreadable failed entry");
		assertThat(failed.get(1).failedAt()).isEqualTo(Instant.parse("2026-11-28T23:34:20Z"));
		assertThat(this.admin.failures().range(1, 1)).containsExactly(failed.get(1));

		assertThat(this.admin.failures().retry(failed.get(0))).isTrue();
		assertThat(this.admin.failures().retry(failed.get(0))).isFalse();
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(Job.of("math", "boom", 1));
		assertThat(this.admin.queues().names()).containsExactly("math");

		assertThat(this.admin.failures().remove(failed.get(2))).isEqualTo(1);
		assertThat(this.admin.failures().range(0, -1)).containsExactly(failed.get(1));
	}

	@Test
	void statsInTotalAndPerWorker() {
		redis.opsForValue().set(this.ns + ":stat:processed", "5");
		redis.opsForValue().set(this.ns + ":stat:failed", "1");
		redis.opsForValue().set(this.ns + ":stat:processed:host:1+1", "3");
		redis.opsForValue().set(this.ns + ":stat:failed:host:1+1", "1");
		redis.opsForValue().set(this.ns + ":stat:processed:node:9", "2");
		// Sidekiq's daily counters on a shared namespace
		redis.opsForValue().set(this.ns + ":stat:processed:2026-12-01", "40");
		redis.opsForValue().set(this.ns + ":stat:failed:2026-12-01", "4");
		ResqueStats stats = this.admin.stats();
		assertThat(stats.processed()).isEqualTo(5);
		assertThat(stats.failed()).isEqualTo(1);
		assertThat(stats.workers()).containsExactly(Map.entry("host:1+1", new ResqueStats.WorkerStats(3, 1)),
				Map.entry("node:9", new ResqueStats.WorkerStats(2, 0)));
	}

	@Test
	void lastPingsSkipWhatIsNotAPing() {
		for (String name : List.of("good:1-0+1", "huge:1-0+1", "broken:1-0+1", "silent:1-0+1")) {
			redis.opsForSet().add(this.ns + ":workers", name + ":q");
		}
		redis.opsForValue().set(this.ns + ":worker:ping:good:1-0+1", "{\"time\":1796146032,\"name\":\"good:1-0+1\"}");
		redis.opsForValue().set(this.ns + ":worker:ping:huge:1-0+1", "{\"time\":" + Long.MAX_VALUE + "}");
		redis.opsForValue().set(this.ns + ":worker:ping:broken:1-0+1", "{oops");
		assertThat(this.admin.workers().lastPings()).containsExactly(Map.entry("good:1-0+1", Instant.ofEpochSecond(1796146032)));
	}

	@Test
	void failedAtAndRetryAllFailed() {
		JobCodec codec = new JobCodec();
		for (int i = 0; i < 3; i++) {
			redis.opsForList().rightPush(this.ns + ":failed", codec.encodeFailure("w", "q", codec.encode(Job.of("q", "j", i)),
					"E", "boom", List.of(), Instant.now()));
		}
		redis.opsForList().rightPush(this.ns + ":failed", codec.encodeFailure("w", "q", "{oops", "E", "bad", List.of(),
				Instant.now()));
		assertThat(this.admin.failures().at(1)).hasValueSatisfying((failed) -> assertThat(failed.payload()).isEqualTo(Job.of("q", "j", 1)));
		assertThat(this.admin.failures().at(4)).isEmpty();
		assertThat(this.admin.failures().at(-1)).isEmpty();
		assertThat(this.admin.failures().retryAll()).isEqualTo(3);
		assertThat(this.admin.queues().jobs("q", 0, -1)).containsExactly(Job.of("q", "j", 0), Job.of("q", "j", 1), Job.of("q", "j", 2));
		assertThat(this.admin.failures().range(0, -1)).singleElement().satisfies((failed) -> assertThat(failed.error()).isEqualTo("bad"));
	}

	@Test
	void queueLengthsAndDelayedCountWithoutReadingJobs() {
		assertThat(this.admin.queues().lengths()).isEmpty();
		assertThat(this.admin.delayed().count()).isZero();
		this.resque.enqueue("b", "j", List.of(1));
		this.resque.enqueue("b", "j", List.of(2));
		this.resque.enqueue("a", "j", List.of(3));
		this.resque.enqueueAt(Instant.parse("2100-01-01T00:00:00Z"), Job.of("a", "j", 4));
		this.resque.enqueueAt(Instant.parse("2100-01-01T00:00:00Z"), Job.of("a", "j", 5));
		this.resque.enqueueAt(Instant.parse("2100-01-02T00:00:00Z"), Job.of("a", "j", 6));
		assertThat(this.admin.queues().lengths()).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
		assertThat(this.admin.delayed().count()).isEqualTo(3);
	}

	@Test
	void statsOfAnEmptyNamespaceAreZero() {
		assertThat(this.admin.stats()).isEqualTo(new ResqueStats(0, 0, Map.of()));
	}

	@Test
	void leaderIsTheLockHolder() {
		assertThat(this.admin.leader()).isEmpty();
		redis.opsForValue().set(this.ns + ":resque_scheduler_leader_lock", "host:42");
		assertThat(this.admin.leader()).contains("host:42");
	}

	@Test
	void enqueueWakesSubscribersWithTheQueueName() throws Exception {
		java.util.concurrent.BlockingQueue<String> messages = new java.util.concurrent.LinkedBlockingQueue<>();
		var connection = connectionFactory.getConnection();
		try {
			connection.subscribe((message, pattern) -> messages.add(new String(message.getBody())),
					(this.ns + ":wakeup").getBytes());
			this.resque.enqueue("mailers", "x", List.of());
			assertThat(messages.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("mailers");
		}
		finally {
			connection.getSubscription().unsubscribe();
			connection.close();
		}
	}

	@ResqueJob(queue = "mailers")
	static class SendWelcomeMail {

		public void perform(String email, Locale locale) {
		}

	}

	@ResqueJob(name = "add", queue = "math")
	static class NamedJob {

		public int perform(int a, int b) {
			return a + b;
		}

	}

}
