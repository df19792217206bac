package dev.resque.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sample over real HTTP: sign-ups enqueue work, and Actuator shows Resque's health, endpoint and meters. */
class SampleHttpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private ConfigurableApplicationContext context;

	private String base;

	@AfterEach
	void close() {
		SampleRun.close(this.context);
	}

	private void start(String... extra) {
		String[] args = new String[extra.length + 1];
		args[0] = "--server.port=0";
		System.arraycopy(extra, 0, args, 1, extra.length);
		this.context = SampleRun.start("SampleHttp", args);
		this.base = "http://localhost:" + this.context.getEnvironment().getProperty("local.server.port");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String json) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void signUpRunsTheWelcomeMailAndActuatorShowsIt() throws Exception {
		start();
		ResqueTemplate resque = this.context.getBean(ResqueTemplate.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> resque.stats().processed() == 2);
		HttpResponse<String> signUp = post("/signups?email=ada@example.com", "");
		assertThat(signUp.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> resque.stats().processed() == 3);

		HttpResponse<String> health = get("/actuator/health/resque");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"localWorkers\":3");

		HttpResponse<String> overview = get("/actuator/resque");
		assertThat(overview.statusCode()).isEqualTo(200);
		assertThat(overview.body()).contains("\"processed\":3").contains("\"failed\":0");
		assertThat(get("/actuator/resque/workers").body()).contains("mailers");
		assertThat(get("/actuator/resque/delayed").body()).contains("grace@example.com");

		HttpResponse<String> meter = get("/actuator/metrics/resque.jobs.processed");
		assertThat(meter.statusCode()).isEqualTo(200);
		assertThat(meter.body()).contains("\"value\":3.0");
		assertThat(get("/actuator/metrics/resque.job.process").body()).contains("\"outcome\"");

		// write operations are refused unless access is opened up
		assertThat(post("/actuator/resque/retry-all", "{}").statusCode()).isIn(403, 404, 405);
		assertThat(resque.failedCount()).isZero();
	}

	@Test
	void writeOperationsWorkOnceAccessIsUnrestricted() throws Exception {
		start("--management.endpoint.resque.access=unrestricted");
		ResqueTemplate resque = this.context.getBean(ResqueTemplate.class);
		String namespace = this.context.getEnvironment().getProperty("resque.namespace");
		String failure = resque.codec().encodeFailure("w:1", "reports",
				"{\"class\":\"GenerateReport\",\"queue\":\"reports\",\"args\":[\"2026-12\",\"csv\"]}", "E", "boom",
				java.util.List.of(), java.time.Instant.now());
		this.context.getBean(StringRedisTemplate.class).opsForList().rightPush(namespace + ":failed", failure);
		HttpResponse<String> retried = post("/actuator/resque/retry", "{\"index\":0}");
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(retried.body()).contains("\"retried\":true");
		await().atMost(Duration.ofSeconds(10)).until(() -> resque.stats().processed() == 3);
		assertThat(resque.failedCount()).isZero();
		assertThat(post("/actuator/resque/clear-queue", "{\"queue\":\"resque:failed\"}").statusCode()).isEqualTo(400);
	}

}
