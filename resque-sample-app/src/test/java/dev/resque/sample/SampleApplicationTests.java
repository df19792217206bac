package dev.resque.sample;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SampleApplicationTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		SampleRun.close(this.context);
	}

	@Test
	void enqueuesTheSignUpWorkOnConfiguredRedis() {
		this.context = SampleRun.start("Sample");
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 2);
		assertThat(admin.failures().count()).isZero();
		assertThat(admin.queues().length("mailers")).isZero();
		assertThat(admin.delayed().scheduledAt("mailers", "SendWelcomeMail", List.of("grace@example.com", Locale.US)))
			.hasSize(1);
		assertThat(admin.workers().registered()).extracting(WorkerRegistration::queues)
			.containsOnly(List.of("mailers"), List.of("reports", "default"), List.of("media", "payments"))
			.hasSize(5);
	}

	@Test
	void startsAnEmbeddedRedisWhenNoneIsConfigured() {
		String namespace = TestRedis.newNamespace("SampleEmbedded");
		this.context = SpringApplication.run(SampleApplication.class, "--resque.namespace=" + namespace,
				"--sample.showcase=false");
		assertThat(this.context.getEnvironment().getPropertySources().contains("embeddedRedis")).isTrue();
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		ResqueAdmin admin = this.context.getBean(ResqueAdmin.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 2);
	}

}
