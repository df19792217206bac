package dev.resque.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.redis.ResqueKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium (Debian's, driven by playwright-core from e2e/): every page loads, and
 * retrying a failed job by clicking makes it run. Screenshots land in target/dashboard-screenshots.
 */
class DashboardBrowserTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		SampleRun.close(this.context);
	}

	@Test
	void everyPageLoadsAndAFailedJobIsRetriedByClicking() throws Exception {
		this.context = SampleRun.start("Browser", "--server.port=0");
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 2);
		this.context.getBean(StringRedisTemplate.class).opsForList().rightPush(this.context.getBean(ResqueKeys.class).failed(),
				this.context.getBean(JobCodec.class).encodeFailure("host:1+1", "mailers",
						"{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":[\"retried@example.com\",\"en_GB\"]}",
						"java.lang.IllegalStateException", "smtp down", List.of("at Mailer.send"), Instant.now()));

		Path shots = Path.of("target", "dashboard-screenshots").toAbsolutePath();
		Files.createDirectories(shots);
		String url = "http://localhost:" + this.context.getEnvironment().getProperty("local.server.port") + "/resque";
		Process node = new ProcessBuilder("node", "dashboard.e2e.js", url, shots.toString(), "admin", "admin")
			.directory(Path.of("e2e").toFile())
			.redirectErrorStream(true)
			.start();
		assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the browser test finished").isTrue();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.exitValue()).as(output).isZero();
		assertThat(output).contains("\"failedBefore\":1").contains("\"errors\":[]").contains("\"overview\":\"Overview\"")
			.contains("\"failed\":\"Failed");

		Mailer mailer = this.context.getBean(Mailer.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> mailer.sent().contains("retried@example.com"));
		assertThat(admin.failures().count()).isZero();
		for (String page : List.of("overview", "working", "queues", "failed", "delayed", "workers", "schedules", "stats",
				"failed-after-retry")) {
			assertThat(shots.resolve(page + ".png")).isNotEmptyFile();
		}
	}

}
