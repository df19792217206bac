package dev.resque.core.codec;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.JobTracking;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Ruby dialect writes what Ruby Resque 3.0 and resque-scheduler 5.0 write for the same calls, byte for byte
 * (the shared fixtures {@code 01-enqueue-*}, {@code 02-destroy-*}, {@code 05-enqueue-at}, {@code 05-remove-delayed}
 * and {@code 05-scheduler-leader}), so that Ruby's lookups by value find our jobs.
 */
class RubyDialectTests {

	private final JobCodec codec = new JobCodec(WireDialect.RUBY);

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(TestRedis.get());

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final String ns = TestRedis.newNamespace("RubyDialect");

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, new ResqueKeys(this.ns), this.codec);

	private final ResqueAdmin admin = new ResqueAdmin(this.factory, new ResqueKeys(this.ns), this.codec);

	private ResqueScheduler scheduler;

	private ResqueWorkerContainer container;

	@AfterEach
	void tearDown() {
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		if (this.container != null) {
			this.container.stop();
		}
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.factory.destroy();
	}

	@Test
	void queuedPayloadsAreWhatRubyResqueWrites() {
		assertQueued(List.of(1, 2), "{\"class\":\"Adder\",\"args\":[1,2]}");
		assertQueued(List.of(1.0, 2.5), "{\"class\":\"Adder\",\"args\":[1.0,2.5]}");
		assertQueued(List.of(1e21, -0.0), "{\"class\":\"Adder\",\"args\":[1.0e+21,-0.0]}");
		assertQueued(List.of(new BigInteger("18446744073709551616"), 12345678901234567.89),
				"{\"class\":\"Adder\",\"args\":[18446744073709551616,1.2345678901234568e+16]}");
		assertQueued(List.of("unicode é 漢 😀", "ctrl \u0001 \n \t", "slash / quote \""),
				"{\"class\":\"Adder\",\"args\":[\"unicode é 漢 😀\",\"ctrl \\u0001 \\n \\t\",\"slash / quote \\\"\"]}");
		assertQueued(List.of(Map.of("b", 1)), "{\"class\":\"Adder\",\"args\":[{\"b\":1}]}");
		assertQueued(Arrays.asList(null, true, false), "{\"class\":\"Adder\",\"args\":[null,true,false]}");
		assertQueued(List.of(), "{\"class\":\"Adder\",\"args\":[]}");
	}

	@Test
	void failedRecordsHaveRubysFieldOrder() {
		// 03-failed-utc
		String expected = "{\"failed_at\":\"2026/12/01 17:26:13 UTC\",\"payload\":{\"class\":\"Boom\",\"args\":[1,2]},"
				+ "\"exception\":\"RuntimeError\",\"error\":\"boom\",\"backtrace\":[\"app/jobs.rb:11:in `perform'\"],"
				+ "\"worker\":\"vm:18942:boom\",\"queue\":\"boom\"}";
		assertThat(this.codec.encodeFailure("vm:18942:boom", "boom", "{\"class\":\"Boom\",\"args\":[1,2]}", "RuntimeError",
				"boom", List.of("app/jobs.rb:11:in `perform'"), Instant.parse("2026-12-01T17:26:13Z")))
			.isEqualTo(expected);
	}

	@Test
	void rubyFloatsAreLaidOutAsFloatToSDoes() {
		assertThat(rubyFloat(1000000000000000.0)).isEqualTo("1000000000000000.0");
		assertThat(rubyFloat(1e16)).isEqualTo("1.0e+16");
		assertThat(rubyFloat(0.0001)).isEqualTo("0.0001");
		assertThat(rubyFloat(0.00001)).isEqualTo("1.0e-05");
		assertThat(rubyFloat(1.5e-7)).isEqualTo("1.5e-07");
		assertThat(rubyFloat(-2.5)).isEqualTo("-2.5");
		assertThat(rubyFloat(0.1)).isEqualTo("0.1");
		assertThat(rubyFloat(123.456)).isEqualTo("123.456");
		// 01-enqueue-ruby-types: 1.0/3, 100.0, 1e-7, 1.5e300
		assertThat(rubyFloat(1.0 / 3)).isEqualTo("0.3333333333333333");
		assertThat(rubyFloat(100.0)).isEqualTo("100.0");
		assertThat(rubyFloat(1e-7)).isEqualTo("1.0e-07");
		assertThat(rubyFloat(1.5e300)).isEqualTo("1.5e+300");
	}

	@Test
	void rubysDestroyByArgumentsFindsOurUntrackedJobs() {
		// Ruby's destroy by arguments matches bytes: it finds jobs enqueued without tracking, whose payloads are
		// exactly Ruby's (a tracked job ends with its id, and is removed through ResqueAdmin instead)
		EnqueuePipeline untracked = EnqueuePipeline.plain(this.codec);
		untracked.setTracking(JobTracking.off());
		ResqueTemplate resque = new ResqueTemplate(this.factory, new ResqueKeys(this.ns), untracked);
		resque.enqueue("math", "Adder", List.of(1, 2));
		resque.enqueue("math", "Adder", List.of(3, 4));
		// Resque::Job.destroy('math', 'Adder', 1, 2): LREM of the bytes Ruby would have written (02-destroy-with-args)
		assertThat(this.redis.opsForList().remove(this.ns + ":queue:math", 0, "{\"class\":\"Adder\",\"args\":[1,2]}"))
			.isEqualTo(1);
		assertThat(this.redis.opsForList().range(this.ns + ":queue:math", 0, -1))
			.containsExactly("{\"class\":\"Adder\",\"args\":[3,4]}");
	}

	@Test
	void aTrackedJobIsRubysPayloadWithItsIdLast() {
		String id = this.resque.enqueue("math", "Adder", List.of(1, 2)).jobId();
		assertThat(this.redis.opsForList().range(this.ns + ":queue:math", 0, -1))
			.containsExactly("{\"class\":\"Adder\",\"args\":[1,2],\"id\":\"" + id + "\"}");
		assertThat(this.admin.queues().remove("math", "Adder", List.of(1, 2))).isOne();
	}

	@Test
	void aMovedDelayedJobLosesItsQueueFieldAsResqueSchedulerMovesIt() {
		String id = this.resque.enqueueAt(Instant.now().minusSeconds(5), Job.of("math", "Adder", 1, 2)).jobId();
		this.scheduler = new ResqueScheduler(this.factory, new ResqueKeys(this.ns), this.codec,
				new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(60),
						StuckJobAction.REQUEUE, 100),
				List::of, new ResqueSchedulerListener() {
				});
		this.scheduler.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("math") == 1);
		// 05-scheduler-leader: queue:math then holds the job as Resque.enqueue writes it, with its id last
		assertThat(this.redis.opsForList().range(this.ns + ":queue:math", 0, -1))
			.containsExactly("{\"class\":\"Adder\",\"args\":[1,2],\"id\":\"" + id + "\"}");
		assertThat(this.admin.delayed().timestamps()).isEmpty();
	}

	@Test
	void failuresCountAsProcessedAsRubyCountsThem() {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(Boom.class), Boom::new);
		this.container = new ResqueWorkerContainer(this.factory, new ResqueKeys(this.ns), this.codec,
				new JobInvoker(registry, this.codec), new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("ruby", List.of("boom"), 1, Duration.ofMillis(100))),
				Duration.ofSeconds(5), Duration.ofSeconds(2));
		this.container.start();
		this.resque.enqueue("boom", "Boom", List.of(1, 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 1);
		// 03-failed-utc: stat:processed and stat:failed both 1 after one failed job
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.stats().processed() == 1);
		assertThat(this.admin.stats().failed()).isEqualTo(1);
	}

	@ResqueJob(queue = "boom")
	static class Boom {

		public void perform(int a, int b) {
			throw new IllegalStateException("boom");
		}

	}

	private void assertQueued(List<?> args, String expected) {
		assertThat(this.codec.encodeQueued(new Job("Adder", "math", new ArrayList<>(args)))).isEqualTo(expected);
	}

	private static String rubyFloat(double value) {
		StringBuilder out = new StringBuilder();
		JsonNumbers.appendRubyDouble(out, value);
		return out.toString();
	}

}
