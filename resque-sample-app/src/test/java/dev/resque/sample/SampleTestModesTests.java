package dev.resque.sample;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.resque.core.ResqueOperations;
import dev.resque.test.FakeResqueTemplate;

import static dev.resque.test.ResqueAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** How an application tests its jobs without Redis: fake mode to assert, inline mode to run them at once. */
class SampleTestModesTests {

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	private void start(String mode) {
		// port 1: nothing answers there, and these modes never need Redis
		this.context = SpringApplication.run(SampleApplication.class, "--server.port=0", "--resque.mode=" + mode,
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=1", "--sample.showcase=false");
	}

	@Test
	void fakeModeRecordsWhatTheApplicationEnqueued() {
		start("fake");
		ResqueOperations resque = this.context.getBean(ResqueOperations.class);
		assertThat(resque).hasEnqueued(SendWelcomeMail.class).withArgs("ada@example.com", Locale.UK).onQueue("mailers");
		assertThat(resque).hasEnqueued(SendWelcomeMail.class).withArgs("grace@example.com", Locale.US).delayed();
		assertThat(resque).hasEnqueued("GenerateReport").withArgs("2026-11", "pdf");
		assertThat(this.context.getBean(Mailer.class).sent()).isEmpty();
		((FakeResqueTemplate) resque).drain();
		assertThat(this.context.getBean(Mailer.class).sent()).containsExactly("ada@example.com", "grace@example.com");
	}

	@Test
	void inlineModeRunsJobsAsTheyAreEnqueued() {
		start("inline");
		assertThat(this.context.getBean(Mailer.class).sent()).containsExactly("ada@example.com", "grace@example.com");
		this.context.getBean(ResqueOperations.class).enqueue(SendWelcomeMail.class, "alan@example.com", Locale.UK);
		assertThat(this.context.getBean(Mailer.class).sent()).endsWith("alan@example.com");
	}

}
