package dev.resque.core.plugin;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.job.Job;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Retry} in the Ruby dialect keeps its attempts where resque-retry 1.8 keeps them (the shared fixture
 * {@code 06-retry}): {@code resque-retry:<class>:<SHA-1 of the args joined by ->}, counting from 0, the retry
 * delayed as resque-scheduler delays it.
 */
class RubyRetryTests {

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(TestRedis.get());

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final String ns = TestRedis.newNamespace("RubyRetry");

	private final ResqueKeys keys = new ResqueKeys(this.ns);

	private final JobCodec codec = new JobCodec(WireDialect.RUBY);

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, this.codec);

	private final ResqueAdmin admin = new ResqueAdmin(this.factory, this.keys, this.codec);

	private final RetryPlugin retry = new RetryPlugin(new PluginSupport(this.redis, this.keys, this.codec,
			new DelayedSchedule(new RedisCalls(this.factory), this.keys, this.codec)),
			RetryAdder.class.getAnnotation(Retry.class));

	@AfterEach
	void tearDown() {
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.factory.destroy();
	}

	@Test
	void attemptsAreCountedUnderResqueRetrysKeyFromZero() {
		Job job = Job.of("math", "RetryAdder", 1, 2);
		String key = this.ns + ":resque-retry:RetryAdder:b8a2645298053fb62ea03e27feea6c483d3fd27e";
		assertThat(this.retry.retryKey(job)).isEqualTo(key);

		fail(job);
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("0");
		List<String> delayed = this.admin.delayed().timestamps().stream()
			.flatMap((at) -> this.redis.opsForList().range(this.keys.delayed(at.getEpochSecond()), 0, -1).stream())
			.toList();
		assertThat(delayed).containsExactly("{\"class\":\"RetryAdder\",\"args\":[1,2],\"queue\":\"math\"}");

		// a second failure, whichever side ran the attempt, counts 1, as resque-retry's counter after two
		fail(job);
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("1");
	}

	@Test
	void argumentsAreJoinedAsRubyJoinsThem() {
		assertThat(this.retry.retryKey(Job.of("math", "RetryAdder")))
			.isEqualTo(this.ns + ":resque-retry:RetryAdder");
		// Ruby: ["a b", 1.0, nil, [2, 3]].join("-") is "a b-1.0--2-3"; SHA-1 of that, whitespace removed from the key
		assertThat(this.retry.retryKey(new Job("RetryAdder", "math", java.util.Arrays.asList("a b", 1.0, null, List.of(2, 3)))))
			.isEqualTo(this.ns + ":resque-retry:RetryAdder:" + sha1("a b-1.0--2-3"));
	}

	private void fail(Job job) {
		PerformContext context = new PerformContext(job, "vm:1-00000000+1");
		context.failure(new IllegalStateException("boom"));
		this.retry.afterPerform(context);
		assertThat(context.retryDelay()).isEqualTo(Duration.ofSeconds(5));
	}

	private static String sha1(String text) throws RuntimeException {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Retry(limit = 3, delay = "5s")
	static class RetryAdder {

	}

}
