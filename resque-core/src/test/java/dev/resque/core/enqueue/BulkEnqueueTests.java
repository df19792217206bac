package dev.resque.core.enqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.queue.JobStatus.State;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracked bulk enqueue of more jobs than one script call queues, on a server of its own (its scripts are flushed
 * first, as after a restart): every job lands on its queue in order with its status, over Lettuce and Jedis.
 */
class BulkEnqueueTests {

	private static RedisServerProcess server;

	@BeforeAll
	static void start() {
		server = RedisServerProcess.startOnFreePort();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "lettuce", "jedis" })
	void manyChunksOverTwoQueuesLandInOrderWithTheirStatusesOnAServerThatForgotItsScripts(String client) {
		RedisConnectionFactory factory = factory(client);
		try {
			try (RedisConnection connection = factory.getConnection()) {
				connection.scriptingCommands().scriptFlush();
			}
			ResqueKeys keys = new ResqueKeys("bulk-" + client);
			ResqueTemplate resque = new ResqueTemplate(factory, keys, new JobCodec());
			ResqueAdmin admin = new ResqueAdmin(factory, keys, new JobCodec());
			// 2,500 on one queue and 1,200 on the other, interleaved: five script calls of up to 1,000 jobs
			List<Job> jobs = new ArrayList<>();
			for (int i = 0; i < 3_700; i++) {
				jobs.add((i % 3 == 2 && i < 3_600) ? Job.of("b", "Noop", i) : Job.of("a", "Noop", i));
			}
			List<EnqueueResult> results = resque.enqueueAll(jobs);

			assertThat(results).hasSize(3_700).allMatch(EnqueueResult::enqueued);
			assertThat(results.stream().map(EnqueueResult::jobId).distinct()).hasSize(3_700);
			assertThat(admin.queues().length("a")).isEqualTo(2_500);
			assertThat(admin.queues().length("b")).isEqualTo(1_200);
			List<Object> inA = admin.queues().jobs("a", 0, -1).stream().map((job) -> job.args().get(0)).toList();
			assertThat(inA).containsExactlyElementsOf(IntStream.range(0, 3_700)
				.filter((i) -> !(i % 3 == 2 && i < 3_600))
				.boxed()
				.map(Object.class::cast)
				.toList());
			for (int i : new int[] { 0, 999, 1_000, 1_001, 2_999, 3_600, 3_699 }) {
				assertThat(admin.jobs().status(results.get(i).jobId())).hasValueSatisfying((status) -> {
					assertThat(status.state()).isEqualTo(State.QUEUED);
					assertThat(status.queue()).isEqualTo(jobs.get(i).queue());
				});
			}
		}
		finally {
			destroy(factory);
		}
	}

	private static RedisConnectionFactory factory(String client) {
		if (client.equals("lettuce")) {
			return RedisConnections.connectionFactory(server.host(), server.port(), 0);
		}
		JedisConnectionFactory jedis = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()),
				JedisClientConfiguration.builder().usePooling().build());
		jedis.afterPropertiesSet();
		jedis.start();
		return jedis;
	}

	private static void destroy(RedisConnectionFactory factory) {
		if (factory instanceof LettuceConnectionFactory lettuce) {
			lettuce.destroy();
		}
		else if (factory instanceof JedisConnectionFactory jedis) {
			jedis.destroy();
		}
	}

}
