package dev.resque.topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.test.redis.RedisSentinelGroup;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application on a master with two replicas watched by three sentinels, connected through
 * {@code spring.data.redis.sentinel.*} alone: the master is killed during a drain and while delayed jobs fall due,
 * a replica is promoted, and the workers, the scheduler and the dashboard go on against it by themselves.
 */
class SentinelTests {

	RedisSentinelGroup sentinels;

	@BeforeEach
	void startSentinels() {
		this.sentinels = RedisSentinelGroup.start(2);
	}

	@AfterEach
	void stopSentinels() {
		this.sentinels.close();
	}

	Map<String, Object> properties(String namespace) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.data.redis.sentinel.master", RedisSentinelGroup.MASTER_NAME);
		properties.put("spring.data.redis.sentinel.nodes", this.sentinels.sentinelNodes());
		properties.put("spring.data.redis.timeout", "2s");
		properties.put("resque.namespace", namespace);
		properties.put("resque.worker.concurrency", "4");
		properties.put("resque.worker.poll-interval", "100ms");
		properties.put("resque.scheduler.poll-interval", "200ms");
		properties.put("resque.dashboard.enabled", "true");
		properties.put("resque.dashboard.allow-unauthenticated", "true");
		properties.put("management.endpoints.web.exposure.include", "health");
		properties.put("management.endpoint.health.show-details", "always");
		properties.put("server.port", "0");
		return properties;
	}

	@Test
	void aDrainSurvivesAFailover() throws Exception {
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties("sentinel-drain"))) {
			ResqueAdmin admin = app.getBean(ResqueAdmin.class);
			FailoverDrain drain = new FailoverDrain(app.getBean(ResqueOperations.class), admin,
					app.getBean(JobRuns.class), "sd-", 3000, 2);
			drain.enqueueWhilePaused();
			this.sentinels.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			drain.resume();
			drain.awaitRuns(300);
			this.sentinels.killMasterAndAwaitFailover(Duration.ofSeconds(30));
			drain.assertEveryJobRanAtLeastOnce(Duration.ofSeconds(60));

			// the scheduler leads again on the new master, and the dashboard and health read it
			await().atMost(Duration.ofSeconds(30)).until(() -> admin.leader().isPresent());
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			HttpClient http = HttpClient.newHttpClient();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				HttpResponse<String> health = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(health.body()).containsPattern("\"resque\":\\{\"details\":\\{[^}]*\\},\"status\":\"UP\"");
			});
			HttpResponse<String> overview = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/resque/api/overview")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(overview.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aShardBehindSentinelsSurvivesTheFailoverOfItsMaster() {
		try (RedisServerProcess main = RedisServerProcess.startOnFreePort()) {
			Map<String, Object> properties = new HashMap<>();
			properties.put("spring.data.redis.host", main.host());
			properties.put("spring.data.redis.port", main.port());
			properties.put("resque.shards.watched.sentinel.master", RedisSentinelGroup.MASTER_NAME);
			properties.put("resque.shards.watched.sentinel.nodes", this.sentinels.sentinelNodes());
			properties.put("resque.shards.watched.queues", "work");
			properties.put("resque.shards.watched.timeout", "2s");
			properties.put("resque.worker.concurrency", "4");
			properties.put("resque.worker.poll-interval", "100ms");
			properties.put("resque.scheduler.poll-interval", "200ms");
			try (ConfigurableApplicationContext app = TopologyApplication.run(properties)) {
				ResqueAdmin shardAdmin = app.getBean(ResqueShards.class).find("watched").orElseThrow().admin();
				FailoverDrain drain = new FailoverDrain(app.getBean(ResqueOperations.class), shardAdmin,
						app.getBean(JobRuns.class), "ws-", 2000, 2);
				drain.enqueueWhilePaused();
				this.sentinels.awaitReplicasCaughtUp(Duration.ofSeconds(10));
				drain.resume();
				drain.awaitRuns(200);
				this.sentinels.killMasterAndAwaitFailover(Duration.ofSeconds(30));
				drain.assertEveryJobRanAtLeastOnce(Duration.ofSeconds(60));
				assertThat(app.getBean(ResqueAdmin.class).queues().names()).doesNotContain("work");
				await().atMost(Duration.ofSeconds(30)).until(() -> shardAdmin.leader().isPresent());
			}
		}
	}

	@Test
	void aDrainOverJedisSurvivesAFailover() {
		Map<String, Object> properties = properties("sentinel-jedis");
		properties.put("spring.data.redis.client-type", "jedis");
		properties.put("spring.data.redis.jedis.pool.max-active", "16");
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties)) {
			FailoverDrain drain = new FailoverDrain(app.getBean(ResqueOperations.class), app.getBean(ResqueAdmin.class),
					app.getBean(JobRuns.class), "sj-", 2000, 2);
			assertThat(app.getBean(RedisConnectionFactory.class)).isInstanceOf(JedisConnectionFactory.class);
			drain.enqueueWhilePaused();
			this.sentinels.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			drain.resume();
			drain.awaitRuns(300);
			this.sentinels.killMasterAndAwaitFailover(Duration.ofSeconds(30));
			drain.assertEveryJobRanAtLeastOnce(Duration.ofSeconds(60));
		}
	}

	@Test
	void delayedJobsFallingDueDuringAFailoverAllRun() {
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties("sentinel-delayed"))) {
			ResqueOperations resque = app.getBean(ResqueOperations.class);
			JobRuns runs = app.getBean(JobRuns.class);
			// 400 jobs falling due over six seconds, the master killed two seconds in
			Instant start = Instant.now().plusSeconds(1);
			List<String> ids = IntStream.range(0, 400).mapToObj((n) -> "sdl-" + n).toList();
			for (int n = 0; n < ids.size(); n++) {
				resque.enqueueAt(start.plusMillis(15L * n), CountJob.class, ids.get(n), 0);
			}
			this.sentinels.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(30)).until(() -> runs.count() >= 100);
			this.sentinels.killMasterAndAwaitFailover(Duration.ofSeconds(30));

			await().atMost(Duration.ofSeconds(60)).until(() -> runs.all().keySet().containsAll(ids));
			long repeats = runs.all().values().stream().mapToLong((count) -> count - 1).sum();
			assertThat(repeats).as("runs beyond the first").isLessThanOrEqualTo(FailoverDrain.MAX_REPEATS);
			assertThat(app.getBean(ResqueAdmin.class).delayed().count()).isZero();
		}
	}


	@Test
	void noJobAnEnqueueAcknowledgedIsLostWhenEnqueuesWaitForAReplica() throws Exception {
		Map<String, Object> properties = properties("sentinel-wait");
		properties.put("resque.replication.wait-for-replicas", "1");
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties)) {
			ResqueOperations resque = app.getBean(ResqueOperations.class);
			JobRuns runs = app.getBean(JobRuns.class);
			// a producer enqueues without pause across the failover, trying each job again until it is acknowledged
			Set<String> acknowledged = ConcurrentHashMap.newKeySet();
			AtomicInteger refusals = new AtomicInteger();
			AtomicBoolean producing = new AtomicBoolean(true);
			Thread producer = new Thread(() -> {
				for (int n = 0; producing.get(); n++) {
					String id = "sw-" + n;
					while (!acknowledged.contains(id)) {
						try {
							resque.enqueue(CountJob.class, id, 1);
							acknowledged.add(id);
						}
						catch (RuntimeException ex) {
							refusals.incrementAndGet();
							sleep(50);
						}
					}
				}
			}, "producer");
			producer.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> runs.count() >= 200);
			this.sentinels.killMasterAndAwaitFailover(Duration.ofSeconds(30));
			int atFailover = acknowledged.size();
			await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > atFailover + 200);
			producing.set(false);
			producer.join(30_000);

			await().atMost(Duration.ofSeconds(60)).until(() -> runs.all().keySet().containsAll(acknowledged));
			assertThat(refusals.get()).as("enqueues refused while the master was gone").isPositive();
			long repeats = runs.all().values().stream().mapToLong((count) -> count - 1).sum();
			assertThat(repeats).as("runs beyond the first").isLessThanOrEqualTo(FailoverDrain.MAX_REPEATS);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
