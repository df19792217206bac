package dev.resque.fault;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.health.ResqueHealthIndicator;
import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.fault.RecoveryAfterOutageTests.Jobs;
import dev.resque.fault.RecoveryAfterOutageTests.Ran;
import dev.resque.fault.RecoveryAfterOutageTests.Record;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application starts while Redis is down: it does not refuse to start; workers and scheduler wait, health is
 * DOWN; once Redis answers, the workers register and run jobs, and health is UP.
 */
class StartupWithoutRedisTests {

	private final RedisServerProcess server = RedisServerProcess.startOnFreePort();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void theApplicationStartsWithRedisDownAndWorksOnceItIsUp() {
		this.server.stop();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
					dev.resque.autoconfigure.health.ResqueHealthContributorAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + this.server.host(),
					"spring.data.redis.port=" + this.server.port(), "spring.data.redis.timeout=1s",
					"resque.worker.queues=q", "resque.worker.concurrency=1")
			.withUserConfiguration(Jobs.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ResqueHealthIndicator health = context.getBean(ResqueHealthIndicator.class);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);

				this.server.start();
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
					.until(() -> admin.workers().registered().size() == 1);
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
					.until(() -> context.getBean(ResqueOperations.class).enqueue(Record.class, "after start"));
				await().atMost(Duration.ofSeconds(20)).until(() -> context.getBean(Ran.class).jobs.contains("after start"));
				await().atMost(Duration.ofSeconds(20)).until(() -> health.health(true).getStatus().equals(Status.UP));
			});
	}

}
