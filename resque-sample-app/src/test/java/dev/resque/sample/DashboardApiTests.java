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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.redis.ResqueKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	private static final JsonMapper json = JsonMapper.builder().build();

	private static String body(Object value) {
		return json.writeValueAsString(value);
	}

	private static JsonNode read(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	private StringRedisTemplate redis() {
		return this.context.getBean(StringRedisTemplate.class);
	}

	private ResqueKeys keys() {
		return this.context.getBean(ResqueKeys.class);
	}

	/** A failed entry as a worker records it, pushed as the newest. */
	private String fail(String queue, String email, String exception, String error) {
		String raw = this.context.getBean(JobCodec.class).encodeFailure("w:1", queue,
				"{\"class\":\"SendWelcomeMail\",\"queue\":\"" + queue + "\",\"args\":[\"" + email + "\",\"en_GB\"]}", exception,
				error, List.of("at Mailer.send"), Instant.now());
		redis().opsForList().rightPush(keys().failed(), raw);
		return raw;
	}

	@Test
	void refusesStrangersUsersWithoutTheRoleAndForgedActions() throws Exception {
		start();
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		assertThat(send(request("/", false).build()).statusCode()).isEqualTo(401);
		assertThat(send(request("/api/overview", false).build()).statusCode()).isEqualTo(401);
		assertThat(send(request("/api/search?q=a", false).build()).statusCode()).isEqualTo(401);
		openPage();
		String raw = fail("mailers", "a@b.c", "E", "boom");
		String entry = body(Map.of("raw", raw));
		// every action, without the dashboard's header (a form posted from another site) and without the CSRF token
		List<String> actions = List.of("/api/failed/retry", "/api/failed/remove", "/api/failed/bulk",
				"/api/failed/bulk-matching", "/api/failed/retry-all", "/api/failed/clear", "/api/queues/mailers/pause",
				"/api/queues/mailers/resume", "/api/queues/mailers/clear", "/api/queues/mailers/delete-job",
				"/api/delayed/enqueue-now", "/api/delayed/delete", "/api/retries/retry-now", "/api/retries/discard",
				"/api/workers/cancel", "/api/schedules", "/api/schedules/nightly-report/pause",
				"/api/schedules/nightly-report/resume", "/api/schedules/nightly-report/remove",
				"/api/schedules/nightly-report/enqueue-now", "/api/jobs/" + "a".repeat(24) + "/cancel",
				"/api/jobs/" + "a".repeat(24) + "/retry");
		for (String path : actions) {
			HttpResponse<String> noHeader = send(request(path, true).header(this.csrfHeader, this.csrfToken)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(entry))
				.build());
			assertThat(noHeader.statusCode()).as(path + " without the header").isEqualTo(403);
			HttpResponse<String> noToken = send(request(path, true).header("X-Resque-Dashboard", "1")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(entry))
				.build());
			assertThat(noToken.statusCode()).as(path + " without the CSRF token").isEqualTo(403);
			HttpResponse<String> stranger = send(request(path, false).header("X-Resque-Dashboard", "1")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(entry))
				.build());
			assertThat(stranger.statusCode()).as(path + " signed out").isIn(401, 403);
		}
		assertThat(admin.failures().range(0, -1)).extracting(FailedJob::json).containsExactly(raw);
		assertThat(admin.queues().paused()).isEmpty();
		assertThat(admin.schedules().paused()).isEmpty();
	}

	@Test
	void aUserWithoutTheRoleIsRefused() throws Exception {
		start("--spring.security.user.roles=SUPPORT");
		assertThat(get("/").statusCode()).isEqualTo(403);
		assertThat(get("/api/overview").statusCode()).isEqualTo(403);
		assertThat(get("/api/processes").statusCode()).isEqualTo(403);
	}

	@Test
	void failedEntriesAreActedOnByContentWhateverMovedMeanwhile() throws Exception {
		start();
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		String f1 = fail("mailers", "f1@b.c", "java.lang.IllegalStateException", "smtp down");
		String f2 = fail("mailers", "f2@b.c", "java.io.IOException", "connection reset");
		String f3 = fail("reports", "f3@b.c", "java.lang.IllegalStateException", "quota exceeded");

		// newest first
		JsonNode page = read(get("/api/failed?start=0&count=2"));
		assertThat(page.get("total").asInt()).isEqualTo(3);
		assertThat(page.get("jobs").valueStream().map((row) -> row.get("raw").asString())).containsExactly(f3, f2);
		assertThat(page.get("jobs").get(0).get("backtrace").get(0).asString()).isEqualTo("at Mailer.send");

		// the list changes under the page: an entry before every other, and a newer one
		String older = this.context.getBean(JobCodec.class).encodeFailure("w:2", "mailers",
				"{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":[\"old@b.c\",\"en_GB\"]}", "E", "old", List.of(),
				Instant.now());
		redis().opsForList().leftPush(keys().failed(), older);
		String newer = fail("mailers", "f4@b.c", "E", "new");
		// the click names the entry the user saw, and reaches that one
		assertThat(read(action("/api/failed/remove", body(Map.of("raw", f2)))).get("removed").asInt()).isOne();
		assertThat(admin.failures().range(0, -1)).extracting(FailedJob::json).containsExactly(older, f1, f3, newer);
		HttpResponse<String> gone = action("/api/failed/remove", body(Map.of("raw", f2)));
		assertThat(gone.statusCode()).isEqualTo(400);
		assertThat(gone.body()).contains("no longer there");
		assertThat(action("/api/failed/retry", body(Map.of("raw", f2))).statusCode()).isEqualTo(400);
		assertThat(admin.failures().count()).isEqualTo(4);

		assertThat(read(action("/api/failed/retry", body(Map.of("raw", f1)))).get("retried").asInt()).isOne();
		assertThat(admin.queues().jobs("mailers", 0, -1)).containsExactly(Job.of("mailers", "SendWelcomeMail", "f1@b.c", "en_GB"));

		// filters: by text, by queue, by error class
		JsonNode byText = read(get("/api/failed?q=QUOTA"));
		assertThat(byText.get("matched").asInt()).isOne();
		assertThat(byText.get("jobs").get(0).get("raw").asString()).isEqualTo(f3);
		assertThat(read(get("/api/failed?queue=reports")).get("matched").asInt()).isOne();
		assertThat(read(get("/api/failed?exception=IllegalState")).get("matched").asInt()).isOne();
		assertThat(read(get("/api/failed?q=f4@b.c&queue=reports")).get("matched").asInt()).isZero();

		// a selection: entries gone meanwhile are counted apart, never replaced by others
		JsonNode bulk = read(action("/api/failed/bulk", body(Map.of("action", "remove", "raws", List.of(older, f2)))));
		assertThat(bulk.get("removed").asInt()).isOne();
		assertThat(bulk.get("skipped").asInt()).isOne();
		assertThat(admin.failures().range(0, -1)).extracting(FailedJob::json).containsExactly(f3, newer);

		// everything a filter matches
		assertThat(read(action("/api/failed/bulk-matching", body(Map.of("action", "retry", "q", "quota")))).get("retried").asInt())
			.isOne();
		assertThat(admin.queues().jobs("reports", 0, -1)).extracting((job) -> job.args().get(0)).containsExactly("f3@b.c");
		assertThat(action("/api/failed/bulk-matching", body(Map.of("action", "retry"))).statusCode()).isEqualTo(400);
		assertThat(action("/api/failed/bulk", body(Map.of("action", "explode", "raws", List.of(newer)))).statusCode())
			.isEqualTo(400);
		assertThat(action("/api/failed/retry", body(Map.of("raw", ""))).statusCode()).isEqualTo(400);

		// an entry that holds no job is shown and can be removed, not retried
		redis().opsForList().rightPush(keys().failed(), "{\"exception\":\"E\",\"error\":\"no payload\"}");
		assertThat(action("/api/failed/retry", body(Map.of("raw", "{\"exception\":\"E\",\"error\":\"no payload\"}"))).body())
			.contains("holds no job");
		assertThat(read(action("/api/failed/bulk-matching", body(Map.of("action", "remove", "q", "no payload")))).get("removed")
			.asInt()).isEqualTo(1);
		assertThat(read(action("/api/failed/retry-all", "{}")).get("retried").asInt()).isOne();
		assertThat(admin.failures().count()).isZero();
		redis().opsForList().rightPushAll(keys().failed(), "{}", "{}");
		assertThat(read(action("/api/failed/clear", "{}")).get("cleared").asInt()).isEqualTo(2);
	}

	@Test
	void queuesShowLatencyPauseLimitsAndBothOrders() throws Exception {
		ResqueOperations resque = start("--resque.queues.mailers.max-concurrency=2");
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		resque.enqueue(SendWelcomeMail.class, "first@b.c", Locale.UK);
		resque.enqueue(SendWelcomeMail.class, "second@b.c", Locale.UK);
		resque.enqueue(SendWelcomeMail.class, "third@b.c", Locale.UK);
		resque.enqueue("reports", "GenerateReport", List.of("2026-11", "pdf"));
		redis().opsForList().rightPush(keys().queue("reports"), "not a job");
		Thread.sleep(1100);

		JsonNode mailers = read(get("/api/queues")).valueStream()
			.filter((row) -> row.get("name").asString().equals("mailers"))
			.findFirst()
			.orElseThrow();
		assertThat(mailers.get("length").asInt()).isEqualTo(3);
		assertThat(mailers.get("latencySeconds").asLong()).isBetween(1L, 60L);
		assertThat(mailers.get("paused").asBoolean()).isFalse();
		assertThat(mailers.get("limits").asString()).isEqualTo("at most 2 at a time");

		assertThat(read(get("/api/queues/mailers?order=oldest&count=1")).get("jobs").get(0).get("job").get("args").get(0)
			.asString()).isEqualTo("first@b.c");
		assertThat(read(get("/api/queues/mailers?order=newest&count=2")).get("jobs").valueStream()
			.map((row) -> row.get("job").get("args").get(0).asString())).containsExactly("third@b.c", "second@b.c");
		assertThat(read(get("/api/queues/mailers?order=newest&start=2&count=5")).get("jobs").valueStream()
			.map((row) -> row.get("job").get("args").get(0).asString())).containsExactly("first@b.c");
		// an entry that is not a job is shown as stored, with why
		JsonNode reports = read(get("/api/queues/reports"));
		assertThat(reports.get("jobs").get(1).get("raw").asString()).isEqualTo("not a job");
		assertThat(reports.get("jobs").get(1).get("problem").asString()).contains("Not a job");

		assertThat(read(action("/api/queues/mailers/pause", "{}")).get("paused").asBoolean()).isTrue();
		assertThat(admin.queues().isPaused("mailers")).isTrue();
		assertThat(get("/api/queues").body()).contains("\"name\":\"mailers\",\"length\":3");
		assertThat(read(get("/api/queues/mailers")).get("paused").asBoolean()).isTrue();
		assertThat(read(action("/api/queues/mailers/resume", "{}")).get("resumed").asBoolean()).isTrue();
		assertThat(admin.queues().isPaused("mailers")).isFalse();
		assertThat(action("/api/queues/mailers/resume", "{}").statusCode()).isEqualTo(400);
		assertThat(action("/api/queues/nope/pause", "{}").statusCode()).isEqualTo(400);

		assertThat(read(action("/api/queues/mailers/delete-job",
				"{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"first@b.c\",\"en_GB\"]}")).get("deleted").asInt())
			.isOne();
		assertThat(action("/api/queues/mailers/delete-job",
				"{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"first@b.c\",\"en_GB\"]}").statusCode()).isEqualTo(400);
		assertThat(read(action("/api/queues/reports/clear", "{}")).get("cleared").asInt()).isEqualTo(2);
		assertThat(action("/api/queues/resque:failed/clear", "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void jobPagesSearchRunNowAndCancelById() throws Exception {
		ResqueOperations resque = start();
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		String queued = resque.enqueue(SendWelcomeMail.class, "find-me@b.c", Locale.UK).jobId();
		String delayed = resque.enqueueIn(Duration.ofHours(1), SendWelcomeMail.class, "later@b.c", Locale.UK).jobId();
		fail("mailers", "x@b.c", "java.lang.IllegalStateException", "smtp exploded");

		JsonNode page = read(get("/api/jobs/" + queued));
		assertThat(page.get("status").get("state").asString()).isEqualTo("QUEUED");
		assertThat(page.get("where").asString()).isEqualTo("queue");
		assertThat(page.get("entry").get("job").get("args").get(0).asString()).isEqualTo("find-me@b.c");
		JsonNode later = read(get("/api/jobs/" + delayed));
		assertThat(later.get("where").asString()).isEqualTo("delayed");
		assertThat(later.get("entry").get("job").get("args").get(0).asString()).isEqualTo("later@b.c");
		assertThat(get("/api/jobs/not-an-id").statusCode()).isEqualTo(400);
		assertThat(get("/api/jobs/" + "0".repeat(24)).statusCode()).isEqualTo(400);

		// search: by an argument, by an error's text, by id; everywhere a job can be
		JsonNode byArgument = read(get("/api/search?q=FIND-ME"));
		assertThat(byArgument.get("results").valueStream().map((r) -> r.get("where").asString() + " " + r.get("id").asString()))
			.containsExactly("queue " + queued);
		assertThat(read(get("/api/search?q=exploded")).get("results").valueStream().map((r) -> r.get("where").asString()))
			.containsExactly("failed");
		assertThat(read(get("/api/search?q=later@b.c")).get("results").valueStream().map((r) -> r.get("where").asString()))
			.containsExactly("delayed");
		assertThat(read(get("/api/search?q=" + delayed)).get("results").valueStream().map((r) -> r.get("where").asString()))
			.contains("job");
		assertThat(get("/api/search?q=%20").statusCode()).isEqualTo(400);

		// the contracts the sample's jobs published at startup
		JsonNode contracts = read(get("/api/contracts"));
		assertThat(contracts.valueStream().map((contract) -> contract.get("job").asString())).contains("ChargeCard", "SendWelcomeMail");
		JsonNode charge = contracts.valueStream().filter((contract) -> contract.get("job").asString().equals("ChargeCard")).findFirst().orElseThrow();
		assertThat(charge.get("parameters").valueStream().map(JsonNode::asString)).containsExactly("order", "cents");
		assertThat(charge.get("schema").get("prefixItems").get(1).get("type").asString()).isEqualTo("integer");

		// run a delayed job now, by its id
		assertThat(read(action("/api/jobs/" + delayed + "/retry", "{}")).get("enqueued").asBoolean()).isTrue();
		assertThat(admin.delayed().count()).isZero();
		assertThat(admin.jobs().status(delayed).orElseThrow().state()).isEqualTo(JobStatus.State.QUEUED);
		assertThat(action("/api/jobs/" + queued + "/retry", "{}").statusCode()).isEqualTo(400);

		// cancel a queued job, by its id
		assertThat(read(action("/api/jobs/" + queued + "/cancel", "{}")).get("cancelled").asBoolean()).isTrue();
		assertThat(admin.jobs().status(queued).orElseThrow().state()).isEqualTo(JobStatus.State.CANCELLED);
		assertThat(admin.queues().jobs("mailers", 0, -1)).extracting((job) -> job.args().get(0)).containsExactly("later@b.c");
		assertThat(action("/api/jobs/" + queued + "/cancel", "{}").statusCode()).isEqualTo(400);
		assertThat(read(get("/api/history")).get("total").asInt()).isOne();
		assertThat(get("/api/history?count=0").statusCode()).isEqualTo(400);
	}

	@Test
	void retriesAreShownApartAndCanBeRunNowOrDiscarded() throws Exception {
		ResqueOperations resque = start("--resque.worker.enabled=true");
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		String charge = resque.enqueue(ChargeCard.class, "order-77", 700).jobId();
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/retries").body().contains("order-77"));
		JsonNode retry = read(get("/api/retries")).get(0);
		assertThat(retry.get("attempt").asInt()).isOne();
		assertThat(retry.get("limit").asInt()).isEqualTo(2);
		assertThat(retry.get("id").asString()).isEqualTo(charge);
		assertThat(retry.get("lastError").asString()).contains("Card declined for order order-77");
		assertThat(read(get("/api/overview")).get("retries").asInt()).isOne();
		assertThat(read(get("/api/jobs/" + charge)).get("where").asString()).isEqualTo("retries");
		String ref = "{\"queue\":\"payments\",\"name\":\"ChargeCard\",\"args\":[\"order-77\",700]}";

		// run it now: it fails again and waits for its second retry
		assertThat(read(action("/api/retries/retry-now", ref)).get("enqueued").asBoolean()).isTrue();
		await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/retries").body().contains("\"attempt\":2"));
		assertThat(admin.failures().count()).isZero();

		// give up on it: it moves to Failed with its last error
		assertThat(read(action("/api/retries/discard", ref)).get("discarded").asBoolean()).isTrue();
		assertThat(read(get("/api/retries"))).isEmpty();
		assertThat(admin.delayed().count()).isZero();
		assertThat(admin.failures().range(0, -1)).extracting(FailedJob::error)
			.containsExactly("Card declined for order order-77 (700 cents)");
		assertThat(action("/api/retries/retry-now", ref).statusCode()).isEqualTo(400);
		assertThat(action("/api/retries/discard", ref).statusCode()).isEqualTo(400);
		assertThat(action("/api/retries/discard", "{}").statusCode()).isEqualTo(400);

		// a job that failed for good is retried from its own page, by its id
		String imported = resque.enqueue(ImportContacts.class, "book.xls").jobId();
		await().atMost(Duration.ofSeconds(15)).until(() -> admin.jobs().status(imported).orElseThrow().state() == JobStatus.State.FAILED);
		assertThat(read(get("/api/jobs/" + imported)).get("entry").get("exception").asString())
			.isEqualTo("java.lang.IllegalArgumentException");
		assertThat(read(action("/api/jobs/" + imported + "/retry", "{}")).get("retried").asInt()).isOne();
		await().atMost(Duration.ofSeconds(15)).until(() -> admin.jobs().status(imported).orElseThrow().attempts() == 2
				&& admin.jobs().status(imported).orElseThrow().state() == JobStatus.State.FAILED);
	}

	@Test
	void schedulesAreAddedPausedResumedAndRemovedFromTheDashboard() throws Exception {
		start();
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		String hourly = body(Map.of("name", "hourly-refresh", "job", "RefreshSearchIndex", "queue", "default", "args", List.of(),
				"every", "1h", "description", "keeps search fresh"));
		assertThat(read(action("/api/schedules", hourly)).get("added").asBoolean()).isTrue();
		JsonNode rows = read(get("/api/schedules"));
		assertThat(rows.valueStream().map((row) -> row.get("name").asString() + " " + row.get("source").asString()))
			.containsExactly("nightly-report configuration", "hourly-refresh dynamic");

		assertThat(read(action("/api/schedules/hourly-refresh/pause", "{}")).get("paused").asBoolean()).isTrue();
		assertThat(admin.schedules().paused()).containsExactly("hourly-refresh");
		assertThat(get("/api/schedules").body()).contains("\"paused\":true");
		assertThat(read(action("/api/schedules/hourly-refresh/resume", "{}")).get("resumed").asBoolean()).isTrue();
		assertThat(JobIds.isId(read(action("/api/schedules/hourly-refresh/enqueue-now", "{}")).get("jobId").asString())).isTrue();
		assertThat(admin.queues().jobs("default", 0, -1)).containsExactly(Job.of("default", "RefreshSearchIndex"));
		assertThat(read(action("/api/schedules/hourly-refresh/remove", "{}")).get("removed").asBoolean()).isTrue();
		assertThat(get("/api/schedules").body()).doesNotContain("hourly-refresh");

		// a configured schedule can be paused, not removed or replaced from here
		assertThat(read(action("/api/schedules/nightly-report/pause", "{}")).get("paused").asBoolean()).isTrue();
		assertThat(read(action("/api/schedules/nightly-report/resume", "{}")).get("resumed").asBoolean()).isTrue();
		assertThat(action("/api/schedules/nightly-report/remove", "{}").body()).contains("comes from the configuration");
		assertThat(action("/api/schedules", body(Map.of("name", "nightly-report", "job", "GenerateReport", "queue", "reports",
				"every", "1h"))).statusCode()).isEqualTo(400);
		assertThat(action("/api/schedules", body(Map.of("name", "bad", "job", "GenerateReport", "queue", "reports",
				"cron", "every tuesday"))).body()).contains("cannot be added");
		assertThat(action("/api/schedules", body(Map.of("name", "jobless", "queue", "reports", "every", "1h"))).body())
			.contains("A job name is required");
		assertThat(action("/api/schedules/nope/pause", "{}").statusCode()).isEqualTo(400);
		assertThat(action("/api/schedules/nope/enqueue-now", "{}").statusCode()).isEqualTo(400);
		assertThat(read(action("/api/schedules/nightly-report/enqueue-now", "{}")).get("enqueued").asBoolean()).isTrue();
		assertThat(admin.queues().jobs("reports", 0, -1)).containsExactly(Job.of("reports", "GenerateReport", "nightly", "pdf"));
	}

	@Test
	void processesWorkersCountersBatchesAndCharts() throws Exception {
		ResqueOperations resque = start("--resque.worker.enabled=true");
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.workers().registered().size() == 5);
		// the process record comes with the workers' first ping
		await().atMost(Duration.ofSeconds(10)).until(() -> read(get("/api/processes")).get(0).has("memoryMax"));
		assertThat(read(get("/api/processes")).size()).isOne();
		JsonNode process = read(get("/api/processes")).get(0);
		assertThat(process.get("kind").asString()).isEqualTo("spring-resque");
		assertThat(process.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
		assertThat(process.get("threads").asInt()).isEqualTo(5);
		assertThat(process.get("memoryMax").asLong()).isPositive();
		assertThat(process.get("queues").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrder("mailers", "reports,default", "media,payments");

		resque.enqueue(SendWelcomeMail.class, "counted@b.c", Locale.UK);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 1);
		JsonNode workers = read(get("/api/workers")).get("workers");
		assertThat(workers.size()).isEqualTo(5);
		assertThat(workers.valueStream().mapToLong((worker) -> worker.get("processed").asLong()).sum()).isOne();
		assertThat(workers.get(0).get("process").asString()).isEqualTo(process.get("id").asString());
		assertThat(workers.get(0).get("pingAgeSeconds").asLong()).isBetween(0L, 10L);
		assertThat(workers.get(0).get("stale").asBoolean()).isFalse();
		assertThat(action("/api/workers/cancel", body(Map.of("worker", workers.get(0).get("name").asString()))).body())
			.contains("runs no job now");

		// the per-minute and per-day counts reach Redis with the next ping
		await().atMost(Duration.ofSeconds(15)).until(() -> read(get("/api/overview")).get("minutes").valueStream()
			.mapToLong((minute) -> minute.get("processed").asLong()).sum() == 1);
		JsonNode overview = read(get("/api/overview"));
		assertThat(overview.get("minutes").size()).isEqualTo(180);
		assertThat(overview.get("days").size()).isEqualTo(35);
		assertThat(overview.get("days").get(34).get("processed").asLong()
				+ overview.get("days").get(33).get("processed").asLong()).as("today, or yesterday just before midnight").isOne();
		assertThat(overview.get("busy").asInt()).isZero();
		assertThat(overview.get("workers").asInt()).isEqualTo(5);
		assertThat(read(get("/api/stats")).get("days").size()).isEqualTo(35);

		String batch = resque.batch().description("two mails").enqueue((jobs) -> {
			jobs.add(SendWelcomeMail.class, "one@b.c", Locale.UK);
			jobs.add(SendWelcomeMail.class, "two@b.c", Locale.UK);
		}).batchId();
		await().atMost(Duration.ofSeconds(10)).until(() -> read(get("/api/batches/" + batch)).get("succeeded").asInt() == 2);
		assertThat(read(get("/api/batches")).get(0).get("description").asString()).isEqualTo("two mails");
		assertThat(get("/api/batches/nope").statusCode()).isEqualTo(400);
		assertThat(get("/api/batches/" + "0".repeat(24)).statusCode()).isEqualTo(400);
		assertThat(get("/assets/app.js").body()).contains("X-Resque-Dashboard");
	}

	@Test
	void aRunningJobIsCancelledFromTheWorkingPage() throws Exception {
		ResqueOperations resque = start("--resque.worker.enabled=true");
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		String id = resque.enqueue(ResizeImages.class, "long-album", 600).jobId();
		await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/workers").body().contains("long-album"));
		JsonNode busy = read(get("/api/workers")).get("workers").valueStream()
			.filter((worker) -> !worker.get("job").isNull())
			.findFirst()
			.orElseThrow();
		assertThat(busy.get("since").asString()).isNotEmpty();
		assertThat(busy.get("id").asString()).isEqualTo(id);
		await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/workers").body().contains(" of 600 images\""));
		assertThat(read(get("/api/jobs/" + id)).get("where").asString()).isEqualTo("running");
		assertThat(read(action("/api/workers/cancel", body(Map.of("worker", busy.get("name").asString())))).get("running").asInt())
			.isOne();
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.jobs().status(id).orElseThrow().state() == JobStatus.State.CANCELLED);
		assertThat(admin.failures().count()).isZero();
	}

	@Test
	void delayedJobsAreRunNowOrDeleted() throws Exception {
		ResqueOperations resque = start();
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		openPage();
		String later = resque.enqueueIn(Duration.ofHours(1), SendWelcomeMail.class, "later@b.c", Locale.UK).jobId();
		resque.enqueueIn(Duration.ofHours(2), SendWelcomeMail.class, "never@b.c", Locale.UK);
		JsonNode delayed = read(get("/api/delayed"));
		assertThat(delayed.get(0).get("jobs").get(0).get("id").asString()).isEqualTo(later);
		assertThat(delayed.get(1).get("jobs").get(0).get("job").get("args").get(0).asString()).isEqualTo("never@b.c");
		assertThat(read(get("/api/overview")).get("delayed").asInt()).isEqualTo(2);
		assertThat(action("/api/delayed/enqueue-now", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"later@b.c\",\"en_GB\"]}").statusCode())
			.isEqualTo(200);
		assertThat(admin.queues().jobs("mailers", 0, -1)).extracting((job) -> job.args().get(0)).containsExactly("later@b.c");
		assertThat(action("/api/delayed/delete", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"never@b.c\",\"en_GB\"]}").statusCode())
			.isEqualTo(200);
		assertThat(admin.delayed().all()).isEmpty();
		assertThat(action("/api/delayed/delete", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"never@b.c\",\"en_GB\"]}").statusCode())
			.isEqualTo(400);
		assertThat(action("/api/delayed/enqueue-now", "{\"queue\":\"mailers\",\"name\":\"SendWelcomeMail\",\"args\":[\"gone@b.c\"]}").statusCode())
			.isEqualTo(400);
	}

}
