package dev.resque.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.redis.ResqueKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium (driven by playwright-core from e2e/) on the sample with its showcase
 * running: every page in light mode, dark mode and 400 px wide without a console error or a page wider than the
 * screen; search; pause and resume; retry from the Retries tab; cancelling a running job; and a by-content action
 * while the list changes underneath. Screenshots land in target/dashboard-screenshots.
 */
class DashboardBrowserTests {

	private static final List<String> PAGES = List.of("overview", "jobs", "queues", "working", "retries", "failed",
			"delayed", "workers", "batches", "schedules", "stats", "job");

	private ConfigurableApplicationContext context;

	private Process node;

	@AfterEach
	void close() {
		if (this.node != null) {
			this.node.destroyForcibly();
		}
		SampleRun.close(this.context);
	}

	@Test
	void everyPageWorksAsAUserUsesIt() throws Exception {
		this.context = SampleRun.start("Browser", "--server.port=0", "--sample.showcase=true");
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
		ResqueKeys keys = this.context.getBean(ResqueKeys.class);
		// the showcase's import fails at once, and stays in Failed
		await().atMost(Duration.ofSeconds(15)).until(() -> admin.failures().range(0, -1)
			.stream()
			.anyMatch((failed) -> failed.json().contains("contacts.xls")));

		// a hostile entry: markup in its error and its arguments must show as text and run nothing
		String hostile = this.context.getBean(JobCodec.class).encodeFailure("w:6", "mailers",
				"{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":[\"<script>window.__planted=2</script>\",\"en_GB\"]}",
				"<b>Bold</b>", "<img src=x onerror=\"window.__planted=1\">", List.of("<svg onload=alert(1)>"), Instant.now());
		redis.opsForList().rightPush(keys.failed(), hostile);

		Path shots = Path.of("target", "dashboard-screenshots").toAbsolutePath();
		Files.createDirectories(shots);
		String url = "http://localhost:" + this.context.getEnvironment().getProperty("local.server.port") + "/resque";
		this.node = new ProcessBuilder("node", "dashboard.e2e.js", url, shots.toString(), "admin", "admin")
			.directory(Path.of("e2e").toFile())
			.redirectErrorStream(true)
			.start();
		List<String> output = new ArrayList<>();
		List<String> injected = new ArrayList<>();
		String[] cancelledId = new String[1];
		OutputStream answers = this.node.getOutputStream();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.node.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				output.add(line);
				if (!line.startsWith("STEP ")) {
					continue;
				}
				switch (line.substring(5)) {
					case "paused" -> assertThat(admin.queues().isPaused("payments")).isTrue();
					case "retries" -> {
						String id = resque.enqueue(ChargeCard.class, "order-3001", 1400).jobId();
						await().atMost(Duration.ofSeconds(15))
							.until(() -> admin.jobs().status(id).orElseThrow().state() == JobStatus.State.RETRYING);
					}
					case "working" -> {
						cancelledId[0] = resque.enqueue(ResizeImages.class, "long-running", 600).jobId();
						await().atMost(Duration.ofSeconds(30))
							.until(() -> admin.jobs().status(cancelledId[0]).orElseThrow().state() == JobStatus.State.RUNNING);
					}
					case "failed-shown" -> {
						// the list changes under the page: an entry before every other, and a newer one
						JobCodec codec = this.context.getBean(JobCodec.class);
						for (String email : List.of("first@example.com", "last@example.com")) {
							injected.add(codec.encodeFailure("w:9", "mailers", "{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\","
									+ "\"args\":[\"" + email + "\",\"en_GB\"]}", "java.lang.IllegalStateException", "smtp down",
									List.of("at Mailer.send"), Instant.now()));
						}
						redis.opsForList().leftPush(keys.failed(), injected.get(0));
						redis.opsForList().rightPush(keys.failed(), injected.get(1));
					}
					default -> throw new AssertionError("Unknown step " + line);
				}
				answers.write("GO\n".getBytes(StandardCharsets.UTF_8));
				answers.flush();
			}
		}
		assertThat(this.node.waitFor(60, TimeUnit.SECONDS)).as("the browser test finished").isTrue();
		String all = String.join("\n", output);
		assertThat(this.node.exitValue()).as(all).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(output.get(output.size() - 1));

		assertThat(report.get("errors").isEmpty()).as(all).isTrue();
		for (String page : PAGES) {
			assertThat(report.get("seen").get(page).asString()).as(page).isNotBlank();
			assertThat(report.get("overflow").get(page).asInt()).as(page + " at 400 px").isLessThanOrEqualTo(400);
			for (String variant : List.of("", "-dark", "-400px")) {
				assertThat(shots.resolve(page + variant + ".png")).isNotEmptyFile();
			}
		}
		assertThat(shots.resolve("failed-after-remove.png")).isNotEmptyFile();
		assertThat(report.get("seen").get("failed").asString()).startsWith("Failed");
		JsonNode did = report.get("did");
		assertThat(did.get("searchResults").asInt()).isPositive();
		assertThat(did.get("jobHash").asString()).matches("#job/[0-9a-f]{24}");
		assertThat(did.get("secondTab").asString()).isEqualTo("Overview");
		assertThat(did.get("hostileShown").asString()).contains("<b>Bold</b>: <img src=x onerror=\"window.__planted=1\">");
		assertThat(did.get("hostileRan").isNull()).isTrue();
		assertThat(did.get("widthWithBacktrace").asInt()).as("page width with a backtrace open").isLessThanOrEqualTo(1280);
		assertThat(shots.resolve("failed-backtrace.png")).isNotEmptyFile();
		assertThat(did.get("paused").asBoolean()).isTrue();
		assertThat(did.get("resumed").asBoolean()).isTrue();
		assertThat(admin.queues().isPaused("payments")).isFalse();
		assertThat(did.get("retriedJob").asString()).contains("order-3001");
		assertThat(did.get("retryAttempt").asString()).isEqualTo("1 of 2");
		assertThat(did.get("retryMessage").asString()).contains("enqueued: true");
		assertThat(did.get("cancelMessage").asString()).contains("cancelled: true");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> admin.jobs().status(cancelledId[0]).orElseThrow().state() == JobStatus.State.CANCELLED);

		// the click reached the entry the page showed, not the one at its place now
		String removed = did.get("removedRaw").asString();
		assertThat(removed).contains("contacts.xls");
		assertThat(did.get("removeMessage").asString()).contains("removed: 1");
		List<String> failed = admin.failures().range(0, -1).stream().map(FailedJob::json).toList();
		assertThat(failed).doesNotContain(removed).containsAll(injected);
	}

}
