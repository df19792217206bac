package dev.resque.fault;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.health.ResqueHealthContributorAutoConfiguration;
import dev.resque.autoconfigure.health.ResqueHealthIndicator;
import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.fault.RecoveryAfterOutageTests.Jobs;
import dev.resque.fault.RecoveryAfterOutageTests.Ran;
import dev.resque.fault.RecoveryAfterOutageTests.Record;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The application starts while Redis is down: it does not refuse to start; workers and scheduler wait, health is
 * DOWN; once Redis answers, the workers register and run jobs, and health is UP. With {@code resque.fail-fast}
 * the start stops instead, saying what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupWithoutRedisTests {

	private final RedisServerProcess server = RedisServerProcess.startOnFreePort();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void theApplicationStartsWithRedisDownAndWorksOnceItIsUp() {
		this.server.stop();
		contextRunner().run((context) -> {
				assertThat(context).hasNotFailed();
				ResqueHealthIndicator health = context.getBean(ResqueHealthIndicator.class);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);

				this.server.start();
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
					.until(() -> admin.workers().registered().size() == 1);
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
					.until(() -> context.getBean(ResqueOperations.class).enqueue(Record.class, "after start").enqueued());
				await().atMost(Duration.ofSeconds(20)).until(() -> context.getBean(Ran.class).jobs.contains("after start"));
				await().atMost(Duration.ofSeconds(20)).until(() -> health.health(true).getStatus().equals(Status.UP));
			});
	}

	@Test
	void withFailFastTheStartStopsSayingWhatToDo(CapturedOutput output) {
		this.server.stop();
		SpringApplication application = new SpringApplication(FailFastApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.data.redis.host=" + this.server.host(),
				"--spring.data.redis.port=" + this.server.port(), "--spring.data.redis.timeout=1s",
				"--resque.fail-fast=true", "--resque.worker.queues=q"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Cannot reach Redis at startup: Redis at " + this.server.host() + ":" + this.server.port())
			.contains("Start Redis, or correct spring.data.redis.*");
	}

	@Test
	void withFailFastAShardThatCannotBeReachedStopsTheStartNamingIt(CapturedOutput output) {
		SpringApplication application = new SpringApplication(FailFastApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (RedisServerProcess shard = RedisServerProcess.startOnFreePort()) {
			shard.stop();
			assertThatException().isThrownBy(() -> application.run("--spring.data.redis.host=" + this.server.host(),
					"--spring.data.redis.port=" + this.server.port(), "--spring.data.redis.timeout=1s",
					"--resque.fail-fast=true", "--resque.worker.queues=q", "--resque.shards.far.queues=far",
					"--resque.shards.far.url=" + shard.url(), "--resque.shards.far.timeout=1s"));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Cannot reach Redis at startup: Redis at " + shard.host() + ":" + shard.port())
				.contains("Start Redis, or correct resque.shards.far.*");
		}
	}

	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class })
	@Import(Jobs.class)
	static class FailFastApplication {

	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
					ResqueHealthContributorAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + this.server.host(),
					"spring.data.redis.port=" + this.server.port(), "spring.data.redis.timeout=1s",
					"resque.worker.queues=q", "resque.worker.concurrency=1")
			.withUserConfiguration(Jobs.class);
	}

}
