package dev.resque.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.redis.ResqueKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may use Actuator in the sample, over real HTTP: anonymous users see only whether it is healthy; reading
 * Resque, metrics or health details needs the admin role; writing needs the role and the session's CSRF token.
 */
class SampleSecurityTests {

	private static final String CLEAR_MAILERS = "{\"queue\":\"mailers\"}";

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		SampleRun.close(this.context);
	}

	/** The sample without workers (the queued jobs stay where they are) and without its start-up demo jobs. */
	private ResqueOperations start(String... extra) {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--sample.demo-on-startup=false", "--resque.worker.enabled=false"));
		args.addAll(List.of(extra));
		this.context = SampleRun.start("SampleSecurity", args.toArray(String[]::new));
		return this.context.getBean(ResqueOperations.class);
	}

	/** Two welcome mails waiting, and a failed job whose payload carries its arguments. */
	private void queueMailsAndAFailure(ResqueOperations resque) {
		resque.enqueue(SendWelcomeMail.class, "a@example.com", Locale.UK);
		resque.enqueue(SendWelcomeMail.class, "b@example.com", Locale.UK);
		this.context.getBean(StringRedisTemplate.class).opsForList().rightPush(this.context.getBean(ResqueKeys.class).failed(),
				this.context.getBean(JobCodec.class).encodeFailure("w:1", "mailers",
						"{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":[\"secret@example.com\",\"en_GB\"]}",
						"E", "boom", List.of(), java.time.Instant.now()));
	}

	@Test
	void anonymousUsersSeeOnlyHealthWithoutDetails() throws Exception {
		ResqueOperations resque = start();
		ResqueAdmin resqueAdmin = this.context.getBean(ResqueAdmin.class);
		queueMailsAndAFailure(resque);
		SampleHttp anonymous = SampleHttp.anonymous(this.context);

		for (String path : List.of("/actuator", "/actuator/resque", "/actuator/resque/failed", "/actuator/resque/queues",
				"/actuator/metrics", "/actuator/metrics/resque.jobs.enqueued")) {
			HttpResponse<String> response = anonymous.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
					(challenge) -> assertThat(challenge).startsWith("Basic"));
			assertThat(response.body()).as(path).doesNotContain("secret@example.com");
		}

		HttpResponse<String> health = anonymous.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"resque\":{\"status\":\"UP\"}")
			.doesNotContain("details");
		HttpResponse<String> resqueHealth = anonymous.get("/actuator/health/resque");
		assertThat(resqueHealth.statusCode()).isEqualTo(200);
		assertThat(resqueHealth.body()).isEqualTo("{\"status\":\"UP\"}");

		SampleHttp admin = SampleHttp.admin(this.context);
		assertThat(admin.get("/actuator/health").body()).contains("\"details\"");
		assertThat(admin.get("/actuator/health/resque").body()).contains("\"failed\":1");
		HttpResponse<String> failed = admin.get("/actuator/resque/failed");
		assertThat(failed.statusCode()).isEqualTo(200);
		assertThat(failed.body()).contains("secret@example.com");
	}

	@Test
	void writeOperationsNeedTheRoleAndTheSessionsCsrfToken() throws Exception {
		ResqueOperations resque = start("--management.endpoint.resque.access=unrestricted");
		ResqueAdmin resqueAdmin = this.context.getBean(ResqueAdmin.class);
		queueMailsAndAFailure(resque);

		SampleHttp anonymous = SampleHttp.anonymous(this.context);
		assertThat(anonymous.post("/actuator/resque/clear-queue", CLEAR_MAILERS).statusCode()).isIn(401, 403);
		assertThat(anonymous.post("/actuator/resque/retry-all", "{}").statusCode()).isIn(401, 403);
		// a valid token does not make up for the missing role: anyone can take one from the login form
		assertThat(anonymous.post("/actuator/resque/clear-queue", CLEAR_MAILERS, anonymous.loginFormCsrfToken())
			.statusCode()).isEqualTo(401);
		assertThat(anonymous.get("/csrf").statusCode()).isEqualTo(401);
		assertThat(resqueAdmin.queues().length("mailers")).isEqualTo(2);
		assertThat(resqueAdmin.failures().count()).isOne();

		SampleHttp admin = SampleHttp.admin(this.context);
		assertThat(admin.post("/actuator/resque/clear-queue", CLEAR_MAILERS).statusCode()).isEqualTo(403);
		assertThat(admin.post("/actuator/resque/retry-all", "{}").statusCode()).isEqualTo(403);
		assertThat(admin.post("/actuator/resque/clear-queue", CLEAR_MAILERS, "forged").statusCode()).isEqualTo(403);
		// a token is only good with the session it was issued to
		String othersToken = SampleHttp.admin(this.context).csrfToken();
		assertThat(admin.post("/actuator/resque/clear-queue", CLEAR_MAILERS, othersToken).statusCode()).isEqualTo(403);
		assertThat(resqueAdmin.queues().length("mailers")).isEqualTo(2);
		assertThat(resqueAdmin.failures().count()).isOne();

		HttpResponse<String> cleared = admin.post("/actuator/resque/clear-queue", CLEAR_MAILERS, admin.csrfToken());
		assertThat(cleared.statusCode()).isEqualTo(200);
		assertThat(cleared.body()).contains("\"cleared\":2");
		assertThat(resqueAdmin.queues().length("mailers")).isZero();
		assertThat(admin.post("/actuator/resque/remove", "{\"index\":0}", admin.csrfToken()).body())
			.contains("\"removed\":true");
		assertThat(resqueAdmin.failures().count()).isZero();
	}

	@Test
	void aUserWithoutTheAdminRoleSeesOnlyHealth() throws Exception {
		ResqueOperations resque = start("--spring.security.user.roles=SUPPORT",
				"--management.endpoint.resque.access=unrestricted");
		ResqueAdmin resqueAdmin = this.context.getBean(ResqueAdmin.class);
		queueMailsAndAFailure(resque);
		// the demo user, here given another role
		SampleHttp support = SampleHttp.signedIn(this.context, "admin", "admin");

		assertThat(support.get("/actuator/resque").statusCode()).isEqualTo(403);
		assertThat(support.get("/actuator/resque/failed").statusCode()).isEqualTo(403);
		assertThat(support.get("/actuator/metrics").statusCode()).isEqualTo(403);
		assertThat(support.get("/actuator/health/resque").body()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(support.post("/actuator/resque/clear-queue", CLEAR_MAILERS, support.csrfToken()).statusCode())
			.isEqualTo(403);
		assertThat(resqueAdmin.queues().length("mailers")).isEqualTo(2);
	}

}
