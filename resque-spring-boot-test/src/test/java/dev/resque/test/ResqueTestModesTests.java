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
import dev.resque.core.plugin.EnqueueContext;
import dev.resque.core.plugin.GlobalResquePlugin;
import dev.resque.core.plugin.PerformContext;
import dev.resque.core.plugin.QueueLock;
import dev.resque.core.plugin.ResquePlugin;
import dev.resque.core.plugin.Retry;
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

	@Test
	void fakeModeRetriesByItsClockUntilTheLastAttemptFails() {
		this.contextRunner.withPropertyValues("resque.mode=fake").run((context) -> {
			FakeResqueTemplate resque = context.getBean(FakeResqueTemplate.class);
			Mailbox mailbox = context.getBean(Mailbox.class);
			resque.enqueue(FlakyReport.class, "2026-11", 1);
			assertThat(resque.drainDue()).isOne();
			assertThat(mailbox.sent).containsExactly("attempt 1 of 2026-11");
			// the retry waits a minute by the fake's clock
			assertThat(resque.enqueued(FlakyReport.class)).singleElement()
				.satisfies((job) -> assertThat(job.at()).isAfter(resque.now().plusSeconds(50)));
			assertThat(resque.drainDue()).isZero();
			resque.advance(Duration.ofMinutes(1).plusSeconds(1));
			assertThat(resque.drainDue()).isOne();
			assertThat(mailbox.sent).containsExactly("attempt 1 of 2026-11", "report 2026-11");
			ResqueAssertions.assertThat(resque).hasNothingEnqueued();

			// failing every time: limit 2 = three attempts, the third one's failure reaches the caller
			resque.enqueue(FlakyReport.class, "never", 99);
			assertThat(resque.drainDue()).isOne();
			resque.advance(Duration.ofMinutes(2));
			assertThat(resque.drainDue()).isOne();
			resque.advance(Duration.ofMinutes(2));
			assertThatThrownBy(resque::drainDue).isInstanceOf(IllegalStateException.class).hasMessage("attempt 3 failed");
			ResqueAssertions.assertThat(resque).hasNothingEnqueued();
		});
	}

	@Test
	void fakeModeRunsLocksAndEnqueueHooks() {
		this.contextRunner.withPropertyValues("resque.mode=fake").run((context) -> {
			FakeResqueTemplate resque = context.getBean(FakeResqueTemplate.class);
			Mailbox mailbox = context.getBean(Mailbox.class);
			// @QueueLock: one waiting copy of the same job
			assertThat(resque.enqueue(RefreshIndex.class, "products").enqueued()).isTrue();
			assertThat(resque.enqueue(RefreshIndex.class, "products").enqueued()).isFalse();
			assertThat(resque.enqueue(RefreshIndex.class, "orders").enqueued()).isTrue();
			assertThat(resque.drain()).isEqualTo(2);
			assertThat(resque.enqueue(RefreshIndex.class, "products").enqueued()).isTrue();
			// the global plugin's beforeEnqueue refuses, its afterEnqueue and afterPerform see the rest
			assertThat(resque.enqueue(Audit.class, "blocked").enqueued()).isFalse();
			assertThat(resque.enqueue(Audit.class, "allowed").enqueued()).isTrue();
			assertThat(resque.enqueued(Audit.class)).singleElement()
				.satisfies((job) -> assertThat(job.args()).containsExactly("allowed"));
			resque.drain("audit");
			assertThat(context.getBean(Gatekeeper.class).seen).containsExactly("enqueued RefreshIndex",
					"enqueued RefreshIndex", "performed RefreshIndex", "performed RefreshIndex",
					"enqueued RefreshIndex", "enqueued Audit", "performed Audit");
			assertThat(mailbox.sent).containsExactly("index products", "index orders", "audit allowed");
		});
	}

	@Test
	void fakeModeRunsDelayedJobsThroughTheirHooksWhenTheirTimeComes() {
		this.contextRunner.withPropertyValues("resque.mode=fake").run((context) -> {
			FakeResqueTemplate resque = context.getBean(FakeResqueTemplate.class);
			Mailbox mailbox = context.getBean(Mailbox.class);
			assertThat(resque.enqueueIn(Duration.ofMinutes(5), RefreshIndex.class, "products").enqueued()).isTrue();
			// the same job in the same second is kept once, as in Redis's schedule
			assertThat(resque.enqueueAt(resque.enqueued().get(0).at(), resque.job(RefreshIndex.class, "products")).enqueued()).isFalse();
			assertThat(resque.scheduledAt(resque.job(RefreshIndex.class, "products"))).hasSize(1);
			// a waiting copy holds the queue lock: the delayed one is dropped when its time comes
			assertThat(resque.enqueue(RefreshIndex.class, "products").enqueued()).isTrue();
			resque.advance(Duration.ofMinutes(6));
			assertThat(resque.drain()).isOne();
			assertThat(mailbox.sent).containsExactly("index products");
			ResqueAssertions.assertThat(resque).hasNothingEnqueued();
		});
	}

	@Test
	void fakeModeWithoutPluginsKeepsEveryCopyAndDoesNotRetry() {
		this.contextRunner.withPropertyValues("resque.mode=fake", "resque.test.plugins=false").run((context) -> {
			FakeResqueTemplate resque = context.getBean(FakeResqueTemplate.class);
			assertThat(resque.enqueue(RefreshIndex.class, "products").enqueued()).isTrue();
			assertThat(resque.enqueue(RefreshIndex.class, "products").enqueued()).isTrue();
			assertThat(resque.enqueue(Audit.class, "blocked").enqueued()).isTrue();
			assertThat(resque.drain()).isEqualTo(3);
			resque.enqueue(FlakyReport.class, "2026-11", 1);
			assertThatThrownBy(resque::drain).isInstanceOf(IllegalStateException.class).hasMessage("attempt 1 failed");
			assertThat(context.getBean(Gatekeeper.class).seen).isEmpty();
		});
	}

	@Test
	void inlineModeRetriesAtOnceAndRefusesWhatHooksRefuse() {
		this.contextRunner.withPropertyValues("resque.mode=inline").run((context) -> {
			ResqueOperations resque = context.getBean(ResqueOperations.class);
			Mailbox mailbox = context.getBean(Mailbox.class);
			assertThat(resque.enqueue(FlakyReport.class, "2026-11", 1).enqueued()).isTrue();
			assertThat(mailbox.sent).containsExactly("attempt 1 of 2026-11", "report 2026-11");
			mailbox.sent.clear();
			assertThatThrownBy(() -> resque.enqueue(FlakyReport.class, "never", 99))
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("attempt 3 failed");
			assertThat(mailbox.sent).containsExactly("attempt 1 of never", "attempt 2 of never", "attempt 3 of never");
			// another job, with a counter of its own
			mailbox.sent.clear();
			assertThat(resque.enqueue(FlakyReport.class, "2026-12", 2).enqueued()).isTrue();
			assertThat(mailbox.sent).containsExactly("attempt 1 of 2026-12", "attempt 2 of 2026-12", "report 2026-12");
			assertThat(resque.enqueue(Audit.class, "blocked").enqueued()).isFalse();
			assertThat(mailbox.sent).doesNotContain("audit blocked");
			assertThat(resque.enqueueAll(List.of(resque.job(Audit.class, "blocked"), resque.job(Audit.class, "ok"))).stream().filter((result) -> result.enqueued()).count())
				.isOne();
			assertThat(mailbox.sent).endsWith("audit ok");
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

	/** Fails its first {@code failures} attempts. */
	@ResqueJob(queue = "reports")
	@Retry(limit = 2, delay = "1m")
	static class FlakyReport {

		private final Mailbox mailbox;

		private final java.util.Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();

		FlakyReport(Mailbox mailbox) {
			this.mailbox = mailbox;
		}

		public void perform(String period, int failures) {
			int attempt = this.attempts.merge(period, 1, Integer::sum);
			if (attempt <= failures) {
				this.mailbox.sent.add("attempt " + attempt + " of " + period);
				throw new IllegalStateException("attempt " + attempt + " failed");
			}
			this.mailbox.sent.add("report " + period);
		}

	}

	@ResqueJob(queue = "search")
	@QueueLock
	static class RefreshIndex {

		private final Mailbox mailbox;

		RefreshIndex(Mailbox mailbox) {
			this.mailbox = mailbox;
		}

		public void perform(String index) {
			this.mailbox.sent.add("index " + index);
		}

	}

	/** Refuses audits of "blocked"; records the hooks it saw. */
	@GlobalResquePlugin
	static class Gatekeeper implements ResquePlugin {

		final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public boolean beforeEnqueue(EnqueueContext context) {
			return !context.job().args().equals(List.of("blocked"));
		}

		@Override
		public void afterEnqueue(EnqueueContext context) {
			this.seen.add("enqueued " + context.job().name());
		}

		@Override
		public void afterPerform(PerformContext context) {
			this.seen.add("performed " + context.job().name());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ SendWelcomeMail.class, Audit.class, FlakyReport.class, RefreshIndex.class, Gatekeeper.class })
	static class Jobs {

		@Bean
		Mailbox mailbox() {
			return new Mailbox();
		}

	}

}
