package dev.resque.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.LeaderGainedEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResqueSchedulerAutoConfigurationTests {

	private final TestRedis redis = TestRedis.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
				"spring.data.redis.database=" + this.redis.database(), "resque.worker.enabled=false");

	@Test
	void leadershipMovesBetweenApplicationsAndNothingIsMovedTwice() {
		String namespace = TestRedis.newNamespace("SchedulerContexts");
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues("resque.namespace=" + namespace,
				"resque.scheduler.poll-interval=100ms", "resque.scheduler.leader-lock-timeout=2s");
		runner.run((first) -> runner.run((second) -> {
			ResqueScheduler one = first.getBean(ResqueScheduler.class);
			ResqueScheduler two = second.getBean(ResqueScheduler.class);
			await().atMost(Duration.ofSeconds(5)).until(() -> one.isLeader() || two.isLeader());
			assertThat(one.isLeader() && two.isLeader()).isFalse();
			ResqueScheduler leader = one.isLeader() ? one : two;
			ResqueScheduler follower = (leader == one) ? two : one;
			ConfigurableApplicationContext leaderContext = (leader == one) ? first : second;
			ConfigurableApplicationContext followerContext = (leader == one) ? second : first;
			ResqueTemplate resque = followerContext.getBean(ResqueTemplate.class);
			ResqueAdmin admin = followerContext.getBean(ResqueAdmin.class);

			for (int i = 0; i < 50; i++) {
				resque.enqueueAt(Instant.now().minusSeconds(1), "q", "job", List.of(i));
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> admin.queues().length("q") == 50);
			leaderContext.close();
			await().atMost(Duration.ofSeconds(3)).until(follower::isLeader);
			for (int i = 50; i < 100; i++) {
				resque.enqueueAt(Instant.now().minusSeconds(1), "q", "job", List.of(i));
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> admin.queues().length("q") == 100);
			assertThat(admin.queues().jobs("q", 0, -1)).doesNotHaveDuplicates();
			assertThat(admin.delayed().timestamps()).isEmpty();
			assertThat(admin.leader()).contains(follower.name());
			RedisConnections.deleteNamespace(followerContext.getBean(StringRedisTemplate.class), namespace);
		}));
	}

	@Test
	void schedulerListenerBeansAndEventListenersHearTheSchedulerAndEnqueues() {
		String namespace = TestRedis.newNamespace("SchedulerListeners");
		this.contextRunner.withUserConfiguration(Listening.class)
			.withPropertyValues("resque.namespace=" + namespace, "resque.scheduler.poll-interval=100ms",
					"resque.scheduler.leader-lock-timeout=2s")
			.run((context) -> {
				Listening listening = context.getBean(Listening.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> !listening.gained.isEmpty());
				assertThat(listening.gained).containsExactly(context.getBean(ResqueScheduler.class).name());
				context.getBean(ResqueTemplate.class).enqueue("q", "job", List.of(1));
				assertThat(listening.enqueued).containsExactly(Job.of("q", "job", 1));
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Listening implements ResqueSchedulerListener {

		final List<String> gained = new CopyOnWriteArrayList<>();

		final List<Job> enqueued = new CopyOnWriteArrayList<>();

		@Override
		public void leaderGained(LeaderGainedEvent event) {
			this.gained.add(event.scheduler());
		}

		@EventListener
		void onEnqueue(JobEnqueuedEvent event) {
			this.enqueued.add(event.job());
		}

	}

	@Test
	void recurringJobsFromPropertiesAndAnnotations() {
		this.contextRunner.withUserConfiguration(NightlyJobs.class)
			.withPropertyValues("resque.scheduler.stuck-job-action=fail", "resque.schedules.cleanup.job=Cleanup",
					"resque.schedules.cleanup.every=10m", "resque.schedules.report.job=MonthlyReport",
					"resque.schedules.report.queue=reports", "resque.schedules.report.cron=0 0 6 1 * *",
					"resque.schedules.report.zone=Europe/London", "resque.schedules.report.args=pdf,2")
			.run((context) -> {
				ResqueProperties properties = context.getBean(ResqueProperties.class);
				assertThat(properties.getScheduler().getStuckJobAction()).isEqualTo(StuckJobAction.FAIL);
				List<RecurringJob> schedules = context.getBean(ResqueScheduler.class).schedules();
				assertThat(schedules).extracting(RecurringJob::name).containsExactly("cleanup", "report", "Nightly");
				assertThat(schedules.get(0).job()).isEqualTo(Job.of("maintenance", "Cleanup"));
				assertThat(schedules.get(0).every()).isEqualTo(Duration.ofMinutes(10));
				assertThat(schedules.get(1).job()).isEqualTo(Job.of("reports", "MonthlyReport", "pdf", "2"));
				assertThat(schedules.get(1).zone()).isEqualTo(ZoneId.of("Europe/London"));
				assertThat(schedules.get(1).nextFiring(Instant.parse("2026-11-29T00:00:00Z")))
					.contains(Instant.parse("2026-12-01T06:00:00Z"));
				assertThat(schedules.get(2).job()).isEqualTo(Job.of("default", "Nightly"));
				assertThat(schedules.get(2).nextFiring(Instant.parse("2026-11-29T00:00:00Z")))
					.contains(Instant.parse("2026-11-29T02:30:00Z"));
			});
	}

	@Test
	void aScheduleForAnUnknownJobWithoutQueueFailsStartup() {
		this.contextRunner.withPropertyValues("resque.schedules.x.job=Nope", "resque.schedules.x.every=1m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("resque.schedules.x.queue is required: no @ResqueJob is named \"Nope\""));
	}

	@Test
	void schedulerCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("resque.scheduler.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResqueScheduler.class));
	}

	@ResqueJob(queue = "maintenance")
	static class Cleanup {

		public void perform() {
		}

	}

	@ResqueJob(cron = "0 30 2 * * *")
	static class Nightly {

		public void perform() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Cleanup.class, Nightly.class })
	static class NightlyJobs {

	}

}
