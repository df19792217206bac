package dev.resque.test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.core.ResqueOperations;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.worker.JobArgumentsException;
import dev.resque.core.worker.ResqueWorkerContainer;

import static dev.resque.test.ResqueAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Neither mode needs Redis: these tests run with no server behind the connection factory. */
class ResqueTestModesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
				ResqueTestAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1")
		.withUserConfiguration(Jobs.class);

	@Test
	void inlineModePerformsAtOnceThroughTheCodec() {
		this.contextRunner.withPropertyValues("resque.mode=inline").run((context) -> {
			assertThat(context).doesNotHaveBean(ResqueWorkerContainer.class).doesNotHaveBean(ResqueScheduler.class);
			ResqueOperations resque = context.getBean(ResqueOperations.class);
			org.assertj.core.api.Assertions.assertThat(resque).isInstanceOf(InlineResqueTemplate.class);
			Mailbox mailbox = context.getBean(Mailbox.class);
			resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK);
			resque.enqueueIn(Duration.ofHours(1), SendWelcomeMail.class, "later@b.c", Locale.US);
			resque.enqueue("mailers", "SendWelcomeMail", List.of("raw@b.c", "fr_FR"));
			assertThat(mailbox.sent).containsExactly("a@b.c en_GB", "later@b.c en_US", "raw@b.c fr_FR");
		});
	}

	@Test
	void inlineModeSurfacesBindingErrorsAndFailures() {
		this.contextRunner.withPropertyValues("resque.mode=inline").run((context) -> {
			ResqueOperations resque = context.getBean(ResqueOperations.class);
			assertThatExceptionOfType(JobArgumentsException.class)
				.isThrownBy(() -> resque.enqueue("mailers", "SendWelcomeMail", List.of("a@b.c", List.of(1))))
				.withMessageContaining("argument 2");
			assertThatThrownBy(() -> resque.enqueue(SendWelcomeMail.class, "fail@b.c", Locale.UK))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("mailbox full");
		});
	}

	@Test
	void fakeModeKeepsJobsToAssertAndDrain() {
		this.contextRunner.withPropertyValues("resque.mode=fake").run((context) -> {
			assertThat(context).doesNotHaveBean(ResqueWorkerContainer.class);
			FakeResqueTemplate resque = context.getBean(FakeResqueTemplate.class);
			Mailbox mailbox = context.getBean(Mailbox.class);
			ResqueAssertions.assertThat(resque).hasNothingEnqueued();
			resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK);
			resque.enqueueIn(Duration.ofHours(1), SendWelcomeMail.class, "later@b.c", Locale.US);
			assertThat((ResqueOperations) resque).hasEnqueued(SendWelcomeMail.class)
				.withArgs("a@b.c", Locale.UK)
				.withArgs("a@b.c", "en_GB")
				.onQueue("mailers")
				.delayed()
				.times(2);
			assertThat(resque.length("mailers")).isEqualTo(1);
			assertThat(mailbox.sent).isEmpty();
			assertThat(resque.drain()).isEqualTo(2);
			assertThat(mailbox.sent).containsExactly("a@b.c en_GB", "later@b.c en_US");
			ResqueAssertions.assertThat(resque).hasNothingEnqueued();
		});
	}

	@Test
	void fakeAssertionsSayWhatWasEnqueuedInstead() {
		this.contextRunner.withPropertyValues("resque.mode=fake").run((context) -> {
			FakeResqueTemplate resque = context.getBean(FakeResqueTemplate.class);
			resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK);
			assertThatThrownBy(() -> ResqueAssertions.assertThat(resque).hasEnqueued(SendWelcomeMail.class).withArgs("x@y.z", Locale.UK))
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining("[x@y.z, en_GB]")
				.hasMessageContaining("[[a@b.c, en_GB]]");
			assertThatThrownBy(() -> ResqueAssertions.assertThat(resque).hasEnqueued("Other"))
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining("Expected a job named <Other>");
		});
	}

	@Test
	void fakeModeDrainsByQueueByTimeOrOneAtATime() {
		this.contextRunner.withPropertyValues("resque.mode=fake").run((context) -> {
			FakeResqueTemplate resque = context.getBean(FakeResqueTemplate.class);
			Mailbox mailbox = context.getBean(Mailbox.class);
			resque.enqueue(SendWelcomeMail.class, "now@b.c", Locale.UK);
			resque.enqueueIn(Duration.ofDays(3), SendWelcomeMail.class, "in-three-days@b.c", Locale.UK);
			resque.enqueue(Audit.class, "signed up");
			resque.enqueue(SendWelcomeMail.class, "second@b.c", Locale.UK);
			assertThat(resque.enqueued(SendWelcomeMail.class)).hasSize(3);
			assertThat(resque.enqueued(Audit.class)).singleElement()
				.satisfies((job) -> assertThat(job.args()).containsExactly("signed up"));

			assertThat(resque.performNext()).hasValueSatisfying((job) -> assertThat(job.args().get(0)).isEqualTo("now@b.c"));
			assertThat(resque.drain("audit")).isOne();
			assertThat(mailbox.sent).containsExactly("now@b.c en_GB", "audit signed up");

			assertThat(resque.drainDue()).isOne();
			assertThat(mailbox.sent).endsWith("second@b.c en_GB");
			assertThat(resque.enqueued()).singleElement().satisfies((job) -> assertThat(job.at()).isNotNull());
			resque.advance(Duration.ofDays(3).minusMinutes(1));
			assertThat(resque.drainDue()).isZero();
			resque.advance(Duration.ofMinutes(2));
			assertThat(resque.drainDue()).isOne();
			assertThat(mailbox.sent).endsWith("in-three-days@b.c en_GB");
			assertThat(resque.performNext()).isEmpty();
		});
	}

	static class Mailbox {

		final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

	}

	@ResqueJob(queue = "mailers")
	static class SendWelcomeMail {

		private final Mailbox mailbox;

		SendWelcomeMail(Mailbox mailbox) {
			this.mailbox = mailbox;
		}

		public void perform(String email, Locale locale) {
			if (email.startsWith("fail")) {
				throw new IllegalStateException("mailbox full");
			}
			this.mailbox.sent.add(email + " " + locale);
		}

	}

	@ResqueJob(queue = "audit")
	static class Audit {

		private final Mailbox mailbox;

		Audit(Mailbox mailbox) {
			this.mailbox = mailbox;
		}

		public void perform(String what) {
			this.mailbox.sent.add("audit " + what);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ SendWelcomeMail.class, Audit.class })
	static class Jobs {

		@Bean
		Mailbox mailbox() {
			return new Mailbox();
		}

	}

}
