package dev.resque.topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.doctor.DoctorReport;
import dev.resque.core.job.ResqueConfigurationException;
import dev.resque.test.redis.RedisClusterGroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The application on a Redis Cluster of three masters with a replica each, under the hash-tagged namespace
 * {@code {resque}}: jobs run, fail into the failed queue and wait as delayed jobs; the admin views, the doctor and
 * the dashboard's API read it all.
 */
class ClusterTests {

	static RedisClusterGroup cluster;

	@BeforeAll
	static void startCluster() {
		cluster = RedisClusterGroup.start(3);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	static Map<String, Object> properties(String namespace) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.data.redis.cluster.nodes", cluster.nodes());
		properties.put("spring.data.redis.timeout", "2s");
		properties.put("resque.namespace", namespace);
		properties.put("resque.worker.concurrency", "4");
		properties.put("resque.worker.poll-interval", "100ms");
		properties.put("resque.scheduler.poll-interval", "200ms");
		properties.put("resque.dashboard.enabled", "true");
		properties.put("resque.dashboard.allow-unauthenticated", "true");
		properties.put("server.port", "0");
		return properties;
	}

	@Test
	void everythingWorksUnderAHashTaggedNamespace() throws Exception {
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties("{cluster-all}"))) {
			ResqueOperations resque = app.getBean(ResqueOperations.class);
			ResqueAdmin admin = app.getBean(ResqueAdmin.class);
			JobRuns runs = app.getBean(JobRuns.class);
			List<String> ids = IntStream.rangeClosed(1, 200).mapToObj((n) -> "now-" + n).toList();
			ids.forEach((id) -> resque.enqueue(CountJob.class, id, 0));
			resque.enqueueAll(IntStream.rangeClosed(1, 50).mapToObj((n) -> resque.job(CountJob.class, "bulk-" + n, 0)).toList());
			IntStream.rangeClosed(1, 20).forEach((n) -> resque.enqueueIn(Duration.ofSeconds(1), CountJob.class, "later-" + n, 0));
			resque.enqueue(FailJob.class, "on purpose");

			await().atMost(Duration.ofSeconds(30)).until(() -> runs.count() == 270);
			assertThat(runs.all()).allSatisfy((id, count) -> assertThat(count).as("runs of %s", id).isEqualTo(1));
			await().atMost(Duration.ofSeconds(10)).until(() -> admin.failures().count() == 1);
			assertThat(admin.failures().range(0, 0).get(0).error()).isEqualTo("on purpose");
			assertThat(admin.queues().length("work")).isZero();
			assertThat(admin.delayed().count()).isZero();
			assertThat(admin.workers().registered()).hasSize(4);
			assertThat(admin.stats().processed()).isEqualTo(270);
			assertThat(admin.leader()).isPresent();
			// the doctor's census scans the namespace: all of it lives on the one master of the tag's slot
			DoctorReport report = admin.doctor().examine();
			assertThat(report.healthy()).as("%s", report).isTrue();
			assertThat(report.keysScanned()).isGreaterThan(270);

			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			HttpClient http = HttpClient.newHttpClient();
			Map<String, String> bodies = new HashMap<>();
			for (String api : List.of("overview", "queues", "queues/work", "failed", "delayed", "retries", "workers",
					"processes", "schedules", "stats", "batches", "contracts", "history", "search?q=now-1")) {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/resque/api/" + api)).build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as("GET /resque/api/%s: %s", api, response.body()).isEqualTo(200);
				bodies.put(api, response.body());
			}
			assertThat(bodies.get("search?q=now-1")).contains("now-1");
			assertThat(bodies.get("history")).contains("\"total\":271");
		}
	}


	@Test
	void shardsOfOneClusterLiveInSlotsOfTheirOwnOnAnotherMaster() {
		String main = "{cluster-main}";
		int mainMaster = cluster.masterOf(main).port();
		String other = IntStream.range(0, 100)
			.mapToObj((n) -> "{cluster-shard-" + n + "}")
			.filter((tag) -> cluster.masterOf(tag).port() != mainMaster)
			.findFirst()
			.orElseThrow();
		Map<String, Object> properties = properties(main);
		properties.put("resque.shards.b.namespace", other);
		properties.put("resque.shards.b.queues", "reports");
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties)) {
			ResqueOperations resque = app.getBean(ResqueOperations.class);
			ResqueAdmin admin = app.getBean(ResqueAdmin.class);
			ResqueAdmin shardAdmin = app.getBean(ResqueShards.class).find("b").orElseThrow().admin();
			JobRuns runs = app.getBean(JobRuns.class);
			IntStream.rangeClosed(1, 100).forEach((n) -> {
				resque.enqueue(CountJob.class, "main-" + n, 0);
				resque.enqueue("reports", "CountJob", List.of("shard-" + n, 0));
			});
			IntStream.rangeClosed(1, 10).forEach((n) -> resque.enqueueIn(Duration.ofSeconds(1), "reports", "CountJob",
					List.of("shard-later-" + n, 0)));

			await().atMost(Duration.ofSeconds(30)).until(() -> runs.count() == 210);
			assertThat(runs.all()).allSatisfy((id, count) -> assertThat(count).as("runs of %s", id).isEqualTo(1));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> admin.stats().processed() == 100 && shardAdmin.stats().processed() == 110);
			assertThat(admin.queues().names()).containsExactly("work");
			assertThat(shardAdmin.queues().names()).containsExactly("reports");
			assertThat(shardAdmin.leader()).isPresent();
			// the shard's keys are on the other master
			assertThat(cluster.masterOf(other + ":stat:processed").port()).isNotEqualTo(mainMaster);
		}
	}

	@Test
	void aNamespaceWithoutHashTagIsRefusedAtStartup() {
		assertThatThrownBy(() -> TopologyApplication.run(properties("resque")).close())
			.hasRootCauseInstanceOf(ResqueConfigurationException.class)
			.rootCause()
			.hasMessageContaining("resque.namespace \"resque\" has no hash tag")
			.hasMessageContaining("resque.namespace: \"{resque}\"");
	}

	@Test
	void aDrainSurvivesTheFailoverOfItsMaster() {
		String namespace = "{cluster-failover}";
		try (ConfigurableApplicationContext app = TopologyApplication.run(properties(namespace))) {
			ResqueOperations resque = app.getBean(ResqueOperations.class);
			ResqueAdmin admin = app.getBean(ResqueAdmin.class);
			JobRuns runs = app.getBean(JobRuns.class);
			FailoverDrain drain = new FailoverDrain(resque, admin, runs, "cf-", 3000, 2);
			drain.enqueueWhilePaused();
			cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
			drain.resume();
			drain.awaitRuns(300);
			cluster.killMasterOfAndAwaitFailover(namespace, Duration.ofSeconds(30));
			drain.assertEveryJobRanAtLeastOnce(Duration.ofSeconds(60));
		}
	}

}
