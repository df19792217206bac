package dev.resque.core.codec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every enqueue method of the template refuses arguments the codec refuses, and writes no key at all. */
class RefusedArgumentsEnqueueNothingTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private String ns;

	private ResqueTemplate resque;

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
		this.ns = TestRedis.newNamespace("RefusedArgumentsEnqueueNothingTests");
		this.resque = new ResqueTemplate(connectionFactory, new ResqueKeys(this.ns), new JobCodec());
	}

	@AfterEach
	void cleanUp() {
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	@Test
	void noEnqueueMethodSendsARefusedArgument() {
		List<Object> cycle = new ArrayList<>();
		cycle.add(cycle);
		List<Object> refused = List.of(cycle, Thread.currentThread(), "lone \ud800", Double.NaN,
				Map.of("total", Double.NEGATIVE_INFINITY));
		Instant later = Instant.now().plusSeconds(60);
		for (Object bad : refused) {
			List<Object> args = List.of("ok", bad);
			Job job = new Job("Report", "reports", args);
			assertEnqueuesNothing(bad, (resque) -> resque.enqueue(Report.class, "ok", bad));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueue("reports", "Report", args));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueue(job));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueueAll(List.of(Job.of("reports", "Report", "fine", 1), job)));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueueAt(later, Report.class, "ok", bad));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueueAt(later, "reports", "Report", args));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueueAt(later, job));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueueIn(Duration.ofMinutes(1), Report.class, "ok", bad));
			assertEnqueuesNothing(bad, (resque) -> resque.enqueueIn(Duration.ofMinutes(1), "reports", "Report", args));
		}
		this.resque.enqueue(Report.class, "ok", 1.5);
		assertThat(redis.keys(this.ns + ":*")).isNotEmpty();
	}

	private void assertEnqueuesNothing(Object bad, Consumer<ResqueTemplate> enqueue) {
		assertThatThrownBy(() -> enqueue.accept(this.resque)).as("enqueueing %s", bad.getClass())
			.isInstanceOf(JobEncodingException.class)
			.hasMessageContaining("\"Report\"")
			.hasMessageContaining("argument 2 (" + bad.getClass().getName() + ")");
		assertThat(redis.keys(this.ns + ":*")).as("keys after enqueueing %s", bad.getClass()).isEmpty();
	}

	@ResqueJob(queue = "reports")
	static class Report {

		public void perform(String name, Object data) {
		}

	}

}
