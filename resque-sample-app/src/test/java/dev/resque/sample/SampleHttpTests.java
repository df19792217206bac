package dev.resque.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample over real HTTP: sign-ups enqueue work, and Actuator shows Resque's health, endpoint and meters to the
 * admin.
 */
class SampleHttpTests {

	private ConfigurableApplicationContext context;

	private SampleHttp anonymous;

	private SampleHttp admin;

	@AfterEach
	void close() {
		SampleRun.close(this.context);
	}

	private void start(String... extra) {
		String[] args = new String[extra.length + 1];
		args[0] = "--server.port=0";
		System.arraycopy(extra, 0, args, 1, extra.length);
		this.context = SampleRun.start("SampleHttp", args);
		this.anonymous = SampleHttp.anonymous(this.context);
		this.admin = SampleHttp.admin(this.context);
	}

	@Test
	void signUpRunsTheWelcomeMailAndActuatorShowsIt() throws Exception {
		start();
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 2);
		HttpResponse<String> signUp = this.anonymous.post("/signups?email=ada@example.com", "");
		assertThat(signUp.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 3);

		HttpResponse<String> health = this.admin.get("/actuator/health/resque");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"localWorkers\":5");

		HttpResponse<String> overview = this.admin.get("/actuator/resque");
		assertThat(overview.statusCode()).isEqualTo(200);
		assertThat(overview.body()).contains("\"processed\":3").contains("\"failed\":0");
		assertThat(this.admin.get("/actuator/resque/workers").body()).contains("mailers");
		assertThat(this.admin.get("/actuator/resque/delayed").body()).contains("grace@example.com");
		HttpResponse<String> doctor = this.admin.get("/actuator/resque/doctor");
		assertThat(doctor.statusCode()).isEqualTo(200);
		assertThat(doctor.body()).contains("\"findings\":[").contains("\"keysScanned\"");
		assertThat(this.anonymous.get("/actuator/resque/doctor").statusCode()).isIn(401, 403);

		HttpResponse<String> meter = this.admin.get("/actuator/metrics/resque.jobs.processed");
		assertThat(meter.statusCode()).isEqualTo(200);
		assertThat(meter.body()).contains("\"value\":3.0");
		assertThat(this.admin.get("/actuator/metrics/resque.job.process").body()).contains("\"outcome\"");

		// write operations are refused unless access is opened up, even to the admin with a CSRF token
		HttpResponse<String> retryAll = this.admin.post("/actuator/resque/retry-all", "{}", this.admin.csrfToken());
		assertThat(retryAll.statusCode()).isIn(404, 405);
		assertThat(admin.failures().count()).isZero();
	}

	@Test
	void writeOperationsWorkOnceAccessIsUnrestricted() throws Exception {
		start("--management.endpoint.resque.access=unrestricted");
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		String namespace = this.context.getEnvironment().getProperty("resque.namespace");
		String failure = this.context.getBean(JobCodec.class).encodeFailure("w:1", "reports",
				"{\"class\":\"GenerateReport\",\"queue\":\"reports\",\"args\":[\"2026-12\",\"csv\"]}", "E", "boom",
				java.util.List.of(), java.time.Instant.now());
		this.context.getBean(StringRedisTemplate.class).opsForList().rightPush(namespace + ":failed", failure);
		String token = this.admin.csrfToken();
		HttpResponse<String> retried = this.admin.post("/actuator/resque/retry", "{\"index\":0}", token);
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(retried.body()).contains("\"retried\":true");
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 3);
		assertThat(admin.failures().count()).isZero();
		assertThat(this.admin.post("/actuator/resque/clear-queue", "{\"queue\":\"resque:failed\"}", token).statusCode())
			.isEqualTo(400);
	}

	/** The commands of the README's first section, as curl sends them. */
	@Test
	void theReadmeCommandsWork() throws Exception {
		start("--sample.demo-on-startup=false", "--resque.worker.enabled=false");
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		assertThat(this.anonymous.post("/signups?email=you@example.com", "").statusCode()).isEqualTo(202);
		assertThat(this.anonymous.post("/reports?period=2026-11", "").statusCode()).isEqualTo(202);
		HttpResponse<String> refresh = this.anonymous.post("/search-index/refresh", "");
		assertThat(refresh.statusCode()).isEqualTo(202);
		assertThat(refresh.body()).contains("\"enqueued\":true");
		assertThat(admin.queues().length("mailers")).isOne();
		assertThat(admin.queues().length("reports")).isOne();

		HttpResponse<String> overview = this.admin.get("/actuator/resque");
		assertThat(overview.statusCode()).isEqualTo(200);
		assertThat(overview.body()).contains("\"mailers\":1");
		HttpResponse<String> health = this.anonymous.get("/actuator/health/resque");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
	}

}
