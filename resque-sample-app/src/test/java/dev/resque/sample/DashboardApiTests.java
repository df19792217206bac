package dev.resque.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every dashboard action over real HTTP, as the page sends it, and the requests it refuses. */
class DashboardApiTests {

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	private ConfigurableApplicationContext context;

	private String base;

	private String csrfHeader;

	private String csrfToken;

	@AfterEach
	void close() {
		SampleRun.close(this.context);
	}

	private ResqueOperations start(String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--sample.demo-on-startup=false"));
		args.addAll(List.of(extra));
		if (args.stream().noneMatch((arg) -> arg.startsWith("--resque.worker.enabled"))) {
			args.add("--resque.worker.enabled=false");
		}
		this.context = SampleRun.start("Dashboard", args.toArray(String[]::new));
		this.base = "http://localhost:" + this.context.getEnvironment().getProperty("local.server.port") + "/resque";
		return this.context.getBean(ResqueOperations.class);
	}

	private HttpRequest.Builder request(String path, boolean signedIn) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path));
		if (signedIn) {
			builder.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(request(path, true).build());
	}

	/** Loads the page as a browser would, keeping its session and the CSRF token it carries. */
	private void openPage() throws Exception {
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		this.csrfHeader = meta(page.body(), "csrf-header");
		this.csrfToken = meta(page.body(), "csrf-token");
		assertThat(this.csrfToken).isNotBlank();
	}

	private HttpResponse<String> action(String path, String json) throws Exception {
		return send(request(path, true).header("Content-Type", "application/json")
			.header("X-Resque-Dashboard", "1")
			.header(this.csrfHeader, this.csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static String meta(String html, String name) {
		Matcher matcher = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]*)\">").matcher(html);
		return matcher.find() ? matcher.group(1) : "";
	}

	@Test
	void refusesStrangersUsersWithoutTheRoleAndForgedActions() throws Exception {
		ResqueOperations resque = start();
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		assertThat(send(request("/", false).build()).statusCode()).isEqualTo(401);
		assertThat(send(request("/api/overview", false).build()).statusCode()).isEqualTo(401);
		openPage();
		String failure = this.context.getBean(JobCodec.class).encodeFailure("w:1", "mailers", "{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":[\"a@b.c\",\"en_GB\"]}",
				"E", "boom", List.of(), Instant.now());
		this.context.getBean(StringRedisTemplate.class).opsForList().rightPush(this.context.getBean(ResqueKeys.class).failed(), failure);
		// without the dashboard's header (a form posted from another site)
		HttpResponse<String> noHeader = send(request("/api/failed/0/retry", true).header(this.csrfHeader, this.csrfToken)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(noHeader.statusCode()).isEqualTo(403);
		// without the CSRF token
		HttpResponse<String> noToken = send(request("/api/failed/0/retry", true).header("X-Resque-Dashboard", "1")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(noToken.statusCode()).isEqualTo(403);
		assertThat(admin.failures().count()).isEqualTo(1);
	}

	@Test
	void aUserWithoutTheRoleIsRefused() throws Exception {
		start("--spring.security.user.roles=SUPPORT");
		assertThat(get("/").statusCode()).isEqualTo(403);
		assertThat(get("/api/overview").statusCode()).isEqualTo(403);
	}

	@Test
	void everyActionWorksAndBadReferencesAreRejected() throws Exception {
		ResqueOperations resque = start();
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK);
		resque.enqueue(SendWelcomeMail.class, "b@b.c", Locale.UK);
		String report = resque.enqueue("reports", "GenerateReport", List.of("2026-11", "pdf")).jobId();
		resque.enqueueIn(Duration.ofHours(1), SendWelcomeMail.class, "later@b.c", Locale.UK);
		resque.enqueueIn(Duration.ofHours(2), SendWelcomeMail.class, "never@b.c", Locale.UK);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		for (String email : List.of("f1@b.c", "f2@b.c", "f3@b.c")) {
			redis.opsForList().rightPush(this.context.getBean(ResqueKeys.class).failed(), this.context.getBean(JobCodec.class).encodeFailure("w:1", "mailers",
					"{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":[\"" + email + "\",\"en_GB\"]}",
					"java.lang.IllegalStateException", "smtp down", List.of("at Mailer.send"), Instant.now()));
		}

		assertThat(get("/api/overview").body()).contains("\"failedQueue\":3").contains("\"delayed\":2");
		assertThat(get("/api/jobs/" + report).body()).contains("\"state\":\"QUEUED\"").contains("\"jobName\":\"GenerateReport\"");
		assertThat(get("/api/jobs/not-an-id").statusCode()).isEqualTo(400);
		assertThat(get("/api/jobs/" + "0".repeat(24)).statusCode()).isEqualTo(400);
		assertThat(get("/api/history").body()).contains("\"total\":0");
		assertThat(get("/api/history?count=0").statusCode()).isEqualTo(400);
		assertThat(get("/api/queues/mailers?start=0&count=1").body()).contains("a@b.c").doesNotContain("b@b.c").contains("\"total\":2");
		assertThat(get("/api/queues/nope").statusCode()).isEqualTo(400);

		assertThat(action("/api/queues/mailers/delete-job", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"a@b.c\",\"en_GB\"]}").body())
			.contains("\"deleted\":1");
		assertThat(admin.queues().jobs("mailers", 0, -1)).containsExactly(Job.of("mailers", "SendWelcomeMail", "b@b.c", "en_GB"));
		assertThat(action("/api/queues/reports/clear", "{}").body()).contains("\"cleared\":1");
		assertThat(action("/api/queues/resque:failed/clear", "{}").statusCode()).isEqualTo(400);

		assertThat(get("/api/failed?start=0&count=2").body()).contains("f1@b.c").contains("f2@b.c").doesNotContain("f3@b.c")
			.contains("smtp down").contains("at Mailer.send");
		assertThat(action("/api/failed/1/retry", "{}").body()).contains("\"retried\":true");
		assertThat(admin.queues().jobs("mailers", 0, -1)).extracting((job) -> job.args().get(0)).containsExactly("b@b.c", "f2@b.c");
		assertThat(action("/api/failed/0/remove", "{}").body()).contains("\"removed\":true");
		assertThat(action("/api/failed/7/retry", "{}").statusCode()).isEqualTo(400);
		assertThat(action("/api/failed/retry-all", "{}").body()).contains("\"retried\":1");
		assertThat(admin.failures().count()).isZero();
		redis.opsForList().rightPushAll(this.context.getBean(ResqueKeys.class).failed(), "{}", "{}");
		assertThat(action("/api/failed/clear", "{}").body()).contains("\"cleared\":2");

		assertThat(get("/api/delayed").body()).contains("later@b.c").contains("never@b.c");
		assertThat(action("/api/delayed/enqueue-now", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"later@b.c\",\"en_GB\"]}").statusCode())
			.isEqualTo(200);
		assertThat(admin.queues().jobs("mailers", 0, -1)).extracting((job) -> job.args().get(0)).contains("later@b.c");
		assertThat(action("/api/delayed/delete", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"never@b.c\",\"en_GB\"]}").statusCode())
			.isEqualTo(200);
		assertThat(admin.delayed().all()).isEmpty();
		assertThat(action("/api/delayed/enqueue-now", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"gone@b.c\"]}").statusCode())
			.isEqualTo(400);

		assertThat(get("/api/schedules").body()).contains("nightly-report").contains("0 0 2 * * * Europe/London");
		assertThat(action("/api/schedules/nightly-report/enqueue-now", "{}").body()).contains("\"enqueued\":true");
		assertThat(admin.queues().jobs("reports", 0, -1)).containsExactly(Job.of("reports", "GenerateReport", "nightly", "pdf"));
		assertThat(action("/api/schedules/nope/enqueue-now", "{}").statusCode()).isEqualTo(400);

		assertThat(get("/api/workers").statusCode()).isEqualTo(200);
		assertThat(get("/api/stats").body()).contains("\"processed\"");
		assertThat(get("/assets/app.js").body()).contains("X-Resque-Dashboard");
	}

	@Test
	void workersShowTheirPingAge() throws Exception {
		ResqueOperations resque = start("--resque.worker.enabled=true");
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.workers().registered().size() == 5);
		assertThat(get("/api/workers").body()).contains("\"pingAgeSeconds\":").contains("\"stale\":false").contains("mailers");
	}

}
