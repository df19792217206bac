package dev.resque.sample;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.resque.core.ResqueTemplate;
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
		ResqueTemplate resque = this.context.getBean(ResqueTemplate.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> resque.stats().processed() == 2);
		assertThat(resque.failedCount()).isZero();
		assertThat(resque.length("mailers")).isZero();
		assertThat(resque.scheduledAt("mailers", "SendWelcomeMail", List.of("grace@example.com", Locale.US)))
			.hasSize(1);
		assertThat(resque.workers()).extracting(WorkerRegistration::queues)
			.containsOnly(List.of("mailers"), List.of("reports", "default"))
			.hasSize(3);
	}

	@Test
	void startsAnEmbeddedRedisWhenNoneIsConfigured() {
		String namespace = TestRedis.newNamespace("SampleEmbedded");
		this.context = SpringApplication.run(SampleApplication.class, "--resque.namespace=" + namespace);
		assertThat(this.context.getEnvironment().getPropertySources().contains("embeddedRedis")).isTrue();
		ResqueTemplate resque = this.context.getBean(ResqueTemplate.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> resque.stats().processed() == 2);
	}

}
