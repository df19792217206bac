package dev.resque.topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.autoconfigure.ResqueShard;
import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.ResqueOperations;
import dev.resque.core.ResqueTemplate;
import dev.resque.core.ShardedResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueConnectionException;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Queues sharded over two Redis servers: the application's own holds "work", the shard "reports" holds the
 * queues "reports" and "exports". Each server holds a complete Resque namespace with its own workers, scheduler
 * and counters, as another Resque would read it; the dashboard adds them up.
 */
class ShardingTests {

	static RedisServerProcess main;

	static RedisServerProcess shard;

	@BeforeAll
	static void startServers() {
		main = RedisServerProcess.startOnFreePort();
		shard = RedisServerProcess.startOnFreePort();
	}

	@AfterAll
	static void stopServers() {
		main.close();
		shard.close();
	}

	@BeforeEach
	void emptyServers() {
		flush(main);
		flush(shard);
	}

	static Map<String, Object> properties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.data.redis.host", main.host());
		properties.put("spring.data.redis.port", main.port());
		properties.put("resque.shards.reports.url", shard.url());
		properties.put("resque.shards.reports.queues", "reports,exports");
		properties.put("resque.worker.concurrency", "2");
		properties.put("resque.worker.poll-interval", "100ms");
		properties.put("resque.scheduler.poll-interval", "200ms");
		properties.put("resque.schedules.tick.job", "TickJob");
		properties.put("resque.schedules.tick.every", "1s");
		properties.put("resque.dashboard.enabled", "true");
		properties.put("resque.dashboard.allow-unauthenticated", "true");
		properties.put("management.endpoints.web.exposure.include", "health,resque,metrics");
		properties.put("management.endpoint.resque.access", "unrestricted");
		properties.put("management.endpoint.health.show-components", "always");
		properties.put("server.port", "0");
		return properties;
	}

	@Test
	void eachQueueLivesOnItsShardAndEachShardRunsItsOwnJobs() throws Exception {
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties())) {
			ResqueTemplate resque = app.getBean(ResqueTemplate.class);
			assertThat(resque).isInstanceOf(ShardedResqueTemplate.class);
			JobRuns runs = app.getBean(JobRuns.class);
			ResqueShards shards = app.getBean(ResqueShards.class);
			ResqueAdmin mainAdmin = app.getBean(ResqueAdmin.class);
			ResqueAdmin shardAdmin = shards.find("reports").orElseThrow().admin();

			// a paused queue keeps its jobs, to read them as another Resque would
			shardAdmin.queues().pause("exports");
			resque.enqueue("exports", "CountJob", List.of("raw-1", 0));
			try (Server server = new Server(shard)) {
				assertThat(server.redis.opsForList().range("resque:queue:exports", 0, -1)).singleElement()
					.satisfies((entry) -> assertThat(entry).startsWith("{\"class\":\"CountJob\",\"queue\":\"exports\","
							+ "\"args\":[\"raw-1\",0]"));
				assertThat(server.redis.opsForSet().members("resque:queues")).contains("exports");
				// the jobs' contracts are published on the shard too, for producers that only know it
				assertThat(server.redis.hasKey("resque:schemas:CountJob")).isTrue();
			}
			shardAdmin.queues().resume("exports");

			IntStream.rangeClosed(1, 100).forEach((n) -> resque.enqueue(CountJob.class, "work-" + n, 0));
			IntStream.rangeClosed(1, 100).forEach((n) -> resque.enqueue("reports", "CountJob", List.of("reports-" + n, 0)));
			List<Job> mixed = new ArrayList<>();
			IntStream.rangeClosed(1, 50).forEach((n) -> mixed.add(resque.job((n % 2 == 0) ? "work" : "reports",
					"CountJob", List.of("bulk-" + n, 0))));
			assertThat(resque.enqueueAll(mixed)).allSatisfy((result) -> assertThat(result.enqueued()).isTrue());
			IntStream.rangeClosed(1, 20).forEach((n) -> resque.enqueueIn(Duration.ofSeconds(1), "exports", "CountJob",
					List.of("later-" + n, 0)));
			assertThat(shardAdmin.delayed().count()).isEqualTo(20);
			assertThat(mainAdmin.delayed().count()).isZero();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> runs.count() >= 272 && runs.all().containsKey("tick"));
			runs.all().forEach((id, count) -> {
				if (!id.equals("tick")) {
					assertThat(count).as("runs of %s", id).isEqualTo(1);
				}
			});
			// the main Redis saw only "work"; the shard saw its two queues, its delayed jobs and the recurring one
			await().atMost(Duration.ofSeconds(10)).until(() -> mainAdmin.stats().processed() == 125);
			assertThat(shardAdmin.stats().processed()).isGreaterThanOrEqualTo(147);
			assertThat(mainAdmin.queues().names()).containsExactly("work");
			assertThat(shardAdmin.queues().names()).containsExactlyInAnyOrder("reports", "exports");
			assertThat(mainAdmin.workers().registered()).hasSize(2);
			assertThat(shardAdmin.workers().registered()).hasSize(2);
			assertThat(mainAdmin.leader()).isPresent();
			assertThat(shardAdmin.leader()).isPresent();

			// a batch is counted in one namespace: one spread over two shards is refused before anything is sent
			assertThatThrownBy(() -> resque.batch().enqueue((jobs) -> {
				jobs.add(resque.job("work", "CountJob", List.of("b-1", 0)));
				jobs.add(resque.job("reports", "CountJob", List.of("b-2", 0)));
			})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different shards [reports, work]");

			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			String shardsPage = get(port, "/resque/api/shards");
			assertThat(shardsPage).contains("\"name\":\"default\"", "\"name\":\"reports\"",
					"\"queues\":[\"reports\",\"exports\"]");
			long processed = mainAdmin.stats().processed() + shardAdmin.stats().processed();
			assertThat(shardsPage).containsPattern("\"totals\":\\{[^}]*\"processed\":(" + processed + "|"
					+ (processed + 1) + "|" + (processed + 2) + ")");
			assertThat(get(port, "/resque/api/queues?shard=reports")).contains("\"name\":\"reports\"")
				.doesNotContain("\"name\":\"work\"");
			assertThat(get(port, "/resque/api/queues")).contains("\"name\":\"work\"")
				.doesNotContain("\"name\":\"reports\"");
			assertThat(get(port, "/resque/api/workers?shard=reports")).contains("*");
			assertThat(get(port, "/actuator/health/resqueShards/reports")).contains("\"status\":\"UP\"");
			assertThat(get(port, "/actuator/health")).contains("\"resqueShards\"");
			assertThat(get(port, "/actuator/resque/shards")).contains("\"default\":{", "\"reports\":{");

			// actions that name a queue act on its shard: the endpoint's pause, the dashboard's new schedule
			assertThat(post(port, "/actuator/resque/pause-queue", "{\"queue\":\"exports\"}", Map.of()))
				.contains("\"paused\":true");
			assertThat(shardAdmin.queues().isPaused("exports")).isTrue();
			assertThat(mainAdmin.queues().paused()).isEmpty();
			shardAdmin.queues().resume("exports");
			assertThat(post(port, "/resque/api/schedules", "{\"name\":\"dynamic\",\"job\":\"CountJob\","
					+ "\"queue\":\"reports\",\"args\":[\"dynamic\",0],\"every\":\"1s\"}",
					Map.of("X-Resque-Dashboard", "1"))).contains("\"added\":true");
			await().atMost(Duration.ofSeconds(10)).until(() -> runs.all().containsKey("dynamic"));
			assertThat(mainAdmin.queues().names()).containsExactly("work");
		}
	}

	private static String post(int port, String path, String json, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isLessThan(300);
		return response.body();
	}

	@Test
	void aShardThatGoesAwayHoldsUpOnlyItsOwnQueues() throws Exception {
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties())) {
			ResqueOperations resque = app.getBean(ResqueOperations.class);
			JobRuns runs = app.getBean(JobRuns.class);
			ResqueShard reports = app.getBean(ResqueShards.class).find("reports").orElseThrow();
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();

			reports.admin().queues().pause("reports");
			IntStream.rangeClosed(1, 50).forEach((n) -> resque.enqueue("reports", "CountJob", List.of("held-" + n, 0)));
			// the gauges add the shards up: the held jobs are counted on their queue
			// (reading every row first, as a scrape does, refreshes them)
			await().atMost(Duration.ofSeconds(15)).until(() -> get(port, "/actuator/metrics/resque.queue.length")
				.contains("resque.queue.length") && get(port, "/actuator/metrics/resque.queue.length?tag=queue:reports")
					.contains("\"value\":50.0"));
			shard.stopKeepingData();

			IntStream.rangeClosed(1, 50).forEach((n) -> resque.enqueue(CountJob.class, "meanwhile-" + n, 0));
			await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.rangeClosed(1, 50)
				.allMatch((n) -> runs.all().containsKey("meanwhile-" + n)));
			// the caller is told when its job cannot reach the shard: nothing is dropped in silence
			assertThatThrownBy(() -> resque.enqueue("reports", "CountJob", List.of("refused", 0)))
				.isInstanceOf(ResqueConnectionException.class);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> get(port, "/actuator/health/resqueShards/reports").contains("\"status\":\"DOWN\""));
			assertThat(get(port, "/actuator/health/resque")).contains("\"status\":\"UP\"");

			shard.start();
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> reports.admin().queues().length("reports") == 50);
			reports.admin().queues().resume("reports");
			await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.rangeClosed(1, 50)
				.allMatch((n) -> runs.all().containsKey("held-" + n)));
			assertThat(runs.all()).doesNotContainKey("refused");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> get(port, "/actuator/health/resqueShards/reports").contains("\"status\":\"UP\""));
		}
	}

	@Test
	void jobsLeftOnTheApplicationsRedisWhenTheirQueueMovedAreToldAndMoved() throws Exception {
		try (Server server = new Server(main)) {
			server.redis.opsForSet().add("resque:queues", "reports");
			// more than two of the move's chunks
			IntStream.rangeClosed(1, 1200).forEach((n) -> server.redis.opsForList().rightPush("resque:queue:reports",
					"{\"class\":\"CountJob\",\"queue\":\"reports\",\"args\":[\"old-" + n + "\",0]}"));
		}
		Map<String, Object> properties = properties();
		// the pool lists its queues: on the application's Redis it takes "work" alone
		properties.put("resque.worker.queues", "work,reports,exports");
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties)) {
			JobRuns runs = app.getBean(JobRuns.class);
			ResqueShards shards = app.getBean(ResqueShards.class);
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			assertThat(shards.stranded()).containsExactly(Map.entry("reports", 1200L));
			assertThat(get(port, "/resque/api/shards")).contains("\"stranded\":{\"reports\":1200}");
			// no worker takes them where they are
			Thread.sleep(500);
			assertThat(runs.all().keySet()).noneMatch((id) -> id.startsWith("old-"));

			assertThat(post(port, "/resque/api/shards/move-stranded", "{\"queue\":\"reports\"}",
					Map.of("X-Resque-Dashboard", "1"))).contains("\"moved\":1200");
			await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.rangeClosed(1, 1200)
				.allMatch((n) -> runs.all().containsKey("old-" + n)));
			IntStream.rangeClosed(1, 1200).forEach((n) -> assertThat(runs.all().get("old-" + n)).isEqualTo(1));
			assertThat(shards.stranded()).isEmpty();
		}
	}

	@Test
	void anApplicationOnJedisReachesItsShardsOverJedis() {
		Map<String, Object> properties = properties();
		properties.put("spring.data.redis.client-type", "jedis");
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties)) {
			ResqueOperations resque = app.getBean(ResqueOperations.class);
			JobRuns runs = app.getBean(JobRuns.class);
			ResqueShard reports = app.getBean(ResqueShards.class).find("reports").orElseThrow();
			assertThat(reports.factory()).isInstanceOf(JedisConnectionFactory.class);
			IntStream.rangeClosed(1, 20).forEach((n) -> {
				resque.enqueue(CountJob.class, "jw-" + n, 0);
				resque.enqueue("reports", "CountJob", List.of("jr-" + n, 0));
			});
			await().atMost(Duration.ofSeconds(20)).until(() -> IntStream.rangeClosed(1, 20)
				.allMatch((n) -> runs.all().containsKey("jw-" + n) && runs.all().containsKey("jr-" + n)));
			await().atMost(Duration.ofSeconds(10)).until(() -> reports.admin().stats().processed() >= 20);
		}
	}

	private static String get(int port, String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	private static void flush(RedisServerProcess server) {
		try (Server connection = new Server(server)) {
			connection.redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (redis) -> {
				redis.serverCommands().flushAll();
				return null;
			});
		}
	}

	/** A plain client of one server, as another Resque would connect. */
	private static final class Server implements AutoCloseable {

		final LettuceConnectionFactory factory;

		final StringRedisTemplate redis;

		Server(RedisServerProcess server) {
			this.factory = RedisConnections.connectionFactory(server.host(), server.port(), 0);
			this.redis = new StringRedisTemplate(this.factory);
		}

		@Override
		public void close() {
			this.factory.destroy();
		}

	}

}
