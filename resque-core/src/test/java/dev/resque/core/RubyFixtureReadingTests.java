package dev.resque.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.WorkerStatus;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every snapshot of the Redis state that Ruby Resque 3.0, resque-scheduler 5.0 and resque-retry 1.8 left in the
 * shared fixtures ({@code src/test/resources/ruby-resque}, recorded from real runs) is loaded into Redis and read
 * back through the template: queued jobs, failed records, delayed jobs, workers and what they work on, stats.
 */
class RubyFixtureReadingTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(TestRedis.get());

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final String ns = TestRedis.newNamespace("RubyFixtures");

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, new ResqueKeys(this.ns), new JobCodec());

	private final ResqueAdmin admin = new ResqueAdmin(this.factory, new ResqueKeys(this.ns), new JobCodec());

	@AfterEach
	void tearDown() {
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.factory.destroy();
	}

	static Stream<Object[]> snapshots() throws IOException, URISyntaxException {
		Path folder = Path.of(RubyFixtureReadingTests.class.getResource("/ruby-resque").toURI());
		List<Object[]> snapshots = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				JsonNode fixture;
				try (InputStream in = Files.newInputStream(file)) {
					fixture = json.readTree(in);
				}
				for (String name : fixture.propertyNames()) {
					if (name.startsWith("keys") && !fixture.get(name).isEmpty()) {
						snapshots.add(new Object[] { file.getFileName() + " " + name, fixture.get(name) });
					}
				}
			}
		}
		assertThat(snapshots).hasSizeGreaterThan(40);
		return snapshots.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("snapshots")
	void everySnapshotReadsBack(String name, JsonNode keys) {
		load(keys);
		for (String queue : this.admin.queues().names()) {
			assertThat(this.admin.queues().jobs(queue, 0, -1)).as("jobs of %s", queue)
				.hasSize((int) this.admin.queues().length(queue))
				.allSatisfy((job) -> assertThat(job.name()).isNotBlank());
		}
		List<FailedJob> failed = this.admin.failures().range(0, -1);
		assertThat(failed).hasSize((int) this.admin.failures().count()).allSatisfy((entry) -> {
			assertThat(entry.failedAt()).as("failed_at of %s", entry.json()).isNotNull();
			assertThat(entry.payload()).isNotNull();
			assertThat(entry.exception()).isNotBlank();
			assertThat(entry.worker()).contains(":");
		});
		this.admin.delayed().timestamps().forEach((at) -> assertThat(this.admin.delayed().at(at)).isNotEmpty());
		assertThat(this.admin.workers().registered()).allSatisfy((worker) -> {
			assertThat(worker.name()).contains(":");
			assertThat(worker.queues()).isNotEmpty();
		});
		for (WorkerStatus status : this.admin.workers().statuses()) {
			if (status.workingOn() != null) {
				assertThat(status.workingOn().payload().name()).isNotBlank();
				assertThat(status.workingOn().runAt()).isNotNull();
			}
		}
		assertThat(this.admin.stats().processed()).isGreaterThanOrEqualTo(0);
	}

	private void load(JsonNode keys) {
		RubyFixtures.load(this.redis, this.ns, keys);
	}

}
