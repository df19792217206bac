package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.autoconfigure.endpoint.ResqueEndpoint;
import dev.resque.autoconfigure.endpoint.ResqueEndpointAutoConfiguration;
import dev.resque.autoconfigure.health.ResqueHealthContributorAutoConfiguration;
import dev.resque.autoconfigure.health.ResqueHealthIndicator;
import dev.resque.autoconfigure.metrics.ResqueMetrics;
import dev.resque.autoconfigure.metrics.ResqueMetricsAutoConfiguration;
import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.doctor.DoctorReport;
import dev.resque.core.doctor.Finding;
import dev.resque.core.doctor.FindingKind;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.Retry;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.ResqueStats;
import dev.resque.core.worker.JobContext;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResqueObservabilityAutoConfigurationTests {

	private final TestRedis redis = TestRedis.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
				ResqueMetricsAutoConfiguration.class, ResqueHealthContributorAutoConfiguration.class,
				ResqueEndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				ObservationAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
				"spring.data.redis.database=" + this.redis.database(), "resque.worker.concurrency=1",
				"resque.worker.queues=observed", "resque.scheduler.poll-interval=100ms");

	@Test
	void metersCountJobsAndGaugeTheQueues() {
		String namespace = TestRedis.newNamespace("Metrics");
		this.contextRunner.withUserConfiguration(Jobs.class).withPropertyValues("resque.namespace=" + namespace).run((context) -> {
			assertThat(context).hasSingleBean(ResqueMetrics.class);
			ResqueTemplate resque = context.getBean(ResqueTemplate.class);
			ResqueAdmin admin = context.getBean(ResqueAdmin.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			resque.enqueue(Ok.class);
			resque.enqueue(Ok.class);
			resque.enqueue(Broken.class);
			resque.enqueue(Flaky.class);
			// the counters of known jobs exist from the start: wait for the last job's timer, made as its observation stops
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.find("resque.job.process").tags("job", "Flaky").timer() != null);
			assertThat(meters.get("resque.jobs.processed").tags("job", "Ok").counter().count()).isEqualTo(2);
			assertThat(meters.get("resque.jobs.enqueued").tags("queue", "observed", "job", "Ok").counter().count()).isEqualTo(2);
			assertThat(meters.get("resque.jobs.failed").tags("queue", "observed", "job", "Broken").counter().count()).isEqualTo(1);
			assertThat(meters.get("resque.jobs.retried").tags("job", "Flaky").counter().count()).isEqualTo(1);
			assertThat(meters.get("resque.job.process")
				.tags("queue", "observed", "job", "Ok", "outcome", "success", "error", "none")
				.timer()
				.count()).isEqualTo(2);
			// the error tag names the exception, as Micrometer's observation handler does: none only without one
			assertThat(meters.get("resque.job.process")
				.tags("job", "Broken", "outcome", "failure", "error", "IllegalStateException")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("resque.job.process")
				.tags("job", "Flaky", "outcome", "retried", "error", "UnsupportedOperationException")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.find("resque.job.process").tags("error", "none").timers())
				.allSatisfy((timer) -> assertThat(timer.getId().getTag("outcome")).isEqualTo("success"));
			assertThat(meters.get("resque.job.enqueue").tags("job", "Ok", "error", "none").timer().count()).isEqualTo(2);
			assertThat(meters.get("resque.job.process.active").tags("queue", "observed", "job", "Ok").longTaskTimer()).isNotNull();

			resque.enqueue("waiting", "Ok", List.of());
			resque.enqueue("waiting", "Ok", List.of());
			// a scrape reads every gauge; the per-queue rows follow the cached snapshot
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				meters.get("resque.failed").gauge().value();
				var waiting = meters.find("resque.queue.length").tags("queue", "waiting").gauge();
				return waiting != null && waiting.value() == 2;
			});
			assertThat(meters.get("resque.failed").gauge().value()).isEqualTo(1);
			assertThat(meters.get("resque.workers").gauge().value()).isEqualTo(1);
			assertThat(meters.get("resque.delayed").gauge().value()).isEqualTo(1);
			await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("resque.scheduler.leader").gauge().value() == 1);
			RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
		});
	}

	@Test
	void queueLengthIsRegisteredAtStartWithoutAnyRead() {
		String namespace = TestRedis.newNamespace("QueueLength");
		this.contextRunner.withUserConfiguration(Jobs.class)
			.withPropertyValues("resque.namespace=" + namespace, "resque.schedules.tick.job=Ok",
					"resque.schedules.tick.queue=ticks", "resque.schedules.tick.every=3650d")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				// no gauge was read: the rows of the queues this application knows are there all the same
				assertThat(meters.find(ResqueMetrics.QUEUE_LENGTH).gauges())
					.extracting((gauge) -> gauge.getId().getTag("queue"))
					.containsExactlyInAnyOrder("observed", "ticks");
				assertThat(meters.get("resque.jobs.failed").tags("queue", "observed", "job", "Broken").counter().count())
					.isZero();
				context.getBean(ResqueTemplate.class).enqueue("elsewhere", "Ok", List.of());
				// reading this gauge alone refreshes it: a queue only Redis knows joins
				assertThat(meters.get(ResqueMetrics.QUEUE_LENGTH).tags("queue", "ticks").gauge().value()).isZero();
				assertThat(meters.get(ResqueMetrics.QUEUE_LENGTH).tags("queue", "elsewhere").gauge().value()).isEqualTo(1);
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
			});
	}

	@Test
	void everyResqueMeterIsDescribedAndHasAUnit() {
		String namespace = TestRedis.newNamespace("Described");
		this.contextRunner.withUserConfiguration(Jobs.class).withPropertyValues("resque.namespace=" + namespace).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			ResqueTemplate resque = context.getBean(ResqueTemplate.class);
			resque.enqueue(Ok.class);
			resque.enqueue(Broken.class);
			resque.enqueue(Flaky.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.find("resque.job.process").tags("job", "Flaky").timer() != null);
			List<Meter> resqueMeters = meters.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("resque."))
				.toList();
			assertThat(resqueMeters).extracting((meter) -> meter.getId().getName())
				.contains("resque.job.process", "resque.job.process.active", "resque.job.enqueue",
						"resque.job.enqueue.active", "resque.jobs.enqueued", "resque.jobs.processed",
						"resque.jobs.failed", "resque.jobs.retried", ResqueMetrics.QUEUE_LENGTH, "resque.failed",
						"resque.delayed", "resque.workers", "resque.workers.busy", "resque.scheduler.leader");
			assertThat(resqueMeters).allSatisfy((meter) -> assertThat(meter.getId().getDescription())
				.as("description of %s", meter.getId())
				.isNotBlank());
			// timers are in the registry's time unit; the leader flag has none
			assertThat(resqueMeters)
				.filteredOn((meter) -> !(meter instanceof Timer) && !(meter instanceof LongTaskTimer)
						&& !meter.getId().getName().equals("resque.scheduler.leader"))
				.allSatisfy((meter) -> assertThat(meter.getId().getBaseUnit()).as("unit of %s", meter.getId()).isNotBlank());
			RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void startupLineNamesTheJobsAndPools(CapturedOutput output) {
		String namespace = TestRedis.newNamespace("Summary");
		this.contextRunner.withUserConfiguration(Jobs.class)
			.withPropertyValues("resque.namespace=" + namespace, "resque.worker.pools.mail.queues=observed,mail",
					"resque.worker.pools.mail.concurrency=2", "resque.worker.pools.rest.queues=*")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String line = "Resque ready: 3 jobs [Broken, Flaky, Ok]; worker pools: mail [observed, mail] "
						+ "concurrency 2, rest [*] concurrency 1; scheduler on; dashboard off; compatibility node; "
						+ "namespace " + namespace;
				assertThat(output.getOut()).contains(line);
				assertThat(output.getOut().lines().filter((logged) -> logged.contains("Resque ready:"))).singleElement()
					.satisfies((logged) -> assertThat(logged).contains(" INFO ").endsWith(line));
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
			});
		this.contextRunner.withPropertyValues("resque.namespace=" + namespace, "resque.worker.enabled=false",
				"resque.scheduler.enabled=false", "resque.compatibility=ruby")
			.run((context) -> assertThat(output.getOut()).contains(
					"Resque ready: 0 jobs []; workers off; scheduler off; dashboard off; compatibility ruby; namespace "
							+ namespace));
	}

	@Test
	void noMetersWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
					ResqueMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("resque.worker.enabled=false", "resque.scheduler.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ResqueMetrics.class);
				assertThat(context).hasSingleBean(ResqueTemplate.class);
			});
	}

	@Test
	void noHealthNorEndpointWithoutActuator() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(org.springframework.boot.health.contributor.HealthIndicator.class,
					org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
			.withPropertyValues("resque.worker.enabled=false", "management.endpoints.jmx.exposure.include=resque")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ResqueHealthIndicator.class);
				assertThat(context).doesNotHaveBean(ResqueEndpoint.class);
				assertThat(context).hasSingleBean(ResqueTemplate.class);
			});
	}

	@Test
	void healthIsUpWithDetailsAndDownOverTheFailedThreshold() {
		String namespace = TestRedis.newNamespace("Health");
		this.contextRunner.withPropertyValues("resque.namespace=" + namespace, "resque.health.failed-threshold=1").run((context) -> {
			ResqueHealthIndicator health = context.getBean(ResqueHealthIndicator.class);
			Health up = health.health(true);
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("failed", 0L).containsEntry("localWorkers", 1);
			StringRedisTemplate plain = context.getBean(StringRedisTemplate.class);
			plain.opsForList().rightPushAll(namespace + ":failed", "{}", "{}");
			Health down = health.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails().get("reason").toString()).contains("more than the threshold of 1");
			RedisConnections.deleteNamespace(plain, namespace);
		});
	}

	@Test
	void healthIsDownWhenRedisIsGone() {
		RedisServerProcess server = RedisServerProcess.startOnFreePort();
		try {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
						ResqueHealthContributorAutoConfiguration.class))
				.withPropertyValues("spring.data.redis.port=" + server.port(), "spring.data.redis.timeout=1s",
						"resque.worker.enabled=false", "resque.scheduler.enabled=false")
				.run((context) -> {
					ResqueHealthIndicator health = context.getBean(ResqueHealthIndicator.class);
					assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
					server.stop();
					Health down = health.health(true);
					assertThat(down.getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.getDetails().get("error").toString()).contains(":" + server.port() + " is unreachable");
				});
		}
		finally {
			server.close();
		}
	}

	@Test
	void healthCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.resque.enabled=false", "resque.worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResqueHealthIndicator.class));
	}

	@Test
	void endpointOnlyWhenExposedAndItsOperationsWork() {
		this.contextRunner.withPropertyValues("resque.worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResqueEndpoint.class));
		String namespace = TestRedis.newNamespace("Endpoint");
		this.contextRunner
			.withPropertyValues("management.endpoints.jmx.exposure.include=resque", "spring.jmx.enabled=true",
					"resque.namespace=" + namespace, "resque.worker.enabled=false",
					"resque.schedules.tick.job=Ok", "resque.schedules.tick.queue=observed", "resque.schedules.tick.every=1h")
			.run((context) -> {
				ResqueEndpoint endpoint = context.getBean(ResqueEndpoint.class);
				ResqueTemplate resque = context.getBean(ResqueTemplate.class);
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				StringRedisTemplate plain = context.getBean(StringRedisTemplate.class);
				resque.enqueue("observed", "Ok", List.of());
				String failure = context.getBean(JobCodec.class).encodeFailure("w:1", "observed", "{\"class\":\"Broken\",\"queue\":\"observed\",\"args\":[]}",
						"E", "boom", List.of(), java.time.Instant.now());
				plain.opsForList().rightPushAll(namespace + ":failed", failure, failure);
				assertThat(endpoint.overview()).containsEntry("failed", 2L).containsEntry("queues", Map.of("observed", 1L));
				assertThat(endpoint.section("stats")).isInstanceOf(ResqueStats.class);
				assertThat((List<?>) endpoint.section("schedules")).hasSize(1);
				assertThat(endpoint.act("retry", 0, null)).containsEntry("retried", true);
				assertThat(admin.queues().length("observed")).isEqualTo(2);
				assertThat(endpoint.act("remove", 0, null)).containsEntry("removed", true);
				assertThat(admin.failures().count()).isZero();
				assertThat(endpoint.act("clear-queue", null, "observed")).containsEntry("cleared", 2L);
				assertThat(admin.queues().names()).isEmpty();
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoint.act("clear-queue", null, "resque:queues"))
					.isInstanceOf(InvalidEndpointRequestException.class)
					.hasMessageContaining("A known queue name is required");
				assertThat(endpoint.act("pause-queue", null, "observed")).containsEntry("paused", true);
				assertThat(endpoint.overview()).containsEntry("pausedQueues", List.of("observed"));
				assertThat(endpoint.act("resume-queue", null, "observed")).containsEntry("resumed", true);
				assertThat(endpoint.act("resume-queue", null, "observed")).containsEntry("resumed", false);
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoint.act("pause-queue", null, " "))
					.isInstanceOf(InvalidEndpointRequestException.class)
					.hasMessageContaining("A queue name is required");
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoint.act("retry", 5, null))
					.isInstanceOf(InvalidEndpointRequestException.class)
					.hasMessageContaining("no entry at index 5");
				RedisConnections.deleteNamespace(plain, namespace);
			});
	}

	@Test
	@SuppressWarnings("unchecked")
	void theEndpointShowsAJobsStatusByIdAndTheLatestEndedJobs() {
		String namespace = TestRedis.newNamespace("EndpointJobs");
		this.contextRunner.withUserConfiguration(Jobs.class)
			.withPropertyValues("management.endpoints.jmx.exposure.include=resque", "spring.jmx.enabled=true",
					"resque.namespace=" + namespace, "resque.history.max-entries=100")
			.run((context) -> {
				ResqueEndpoint endpoint = context.getBean(ResqueEndpoint.class);
				ResqueTemplate resque = context.getBean(ResqueTemplate.class);
				assertThat(context.getBean(JobContext.class)).isSameAs(JobContext.current());
				String id = resque.enqueue(Ok.class).jobId();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> endpoint.job("jobs", id) != null && endpoint.job("jobs", id).state() == JobStatus.State.SUCCEEDED);
				assertThat(endpoint.job("jobs", id).jobName()).isEqualTo("Ok");
				assertThat((Map<String, Object>) endpoint.section("history")).containsEntry("total", 1L);
				assertThat(endpoint.job("jobs", JobIds.next())).isNull();
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoint.job("jobs", "not-an-id"))
					.isInstanceOf(InvalidEndpointRequestException.class)
					.hasMessageContaining("Not a job id");
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
			});
	}

	@Test
	void theEndpointExaminesTheNamespaceAndRepairsAFindingOnRequest() {
		String namespace = TestRedis.newNamespace("EndpointDoctor");
		this.contextRunner.withUserConfiguration(Jobs.class)
			.withPropertyValues("management.endpoints.jmx.exposure.include=resque", "spring.jmx.enabled=true",
					"resque.namespace=" + namespace, "resque.worker.enabled=false")
			.run((context) -> {
				ResqueEndpoint endpoint = context.getBean(ResqueEndpoint.class);
				StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
				redis.opsForList().rightPush(namespace + ":queue:observed", "not a job");
				redis.opsForSet().add(namespace + ":queues", "observed");
				DoctorReport report = (DoctorReport) endpoint.section("doctor");
				assertThat(report.findings()).extracting(Finding::kind).containsExactly(FindingKind.MALFORMED_QUEUE_ENTRY);
				assertThat(endpoint.act("doctor-repair", null, null, null, null, null, null, null, "malformed_queue_entry"))
					.containsEntry("repaired", 1L);
				// the drained queue stays listed, as Resque keeps it: a note, not damage
				DoctorReport after = (DoctorReport) endpoint.section("doctor");
				assertThat(after.healthy()).isTrue();
				assertThat(after.findings()).extracting(Finding::kind).containsExactly(FindingKind.QUEUE_WITHOUT_LIST);
				assertThat(context.getBean(ResqueAdmin.class).failures().count()).isOne();
				org.assertj.core.api.Assertions
					.assertThatThrownBy(() -> endpoint.act("doctor-repair", null, null, null, null, null, null, null, "everything"))
					.isInstanceOf(InvalidEndpointRequestException.class)
					.hasMessageContaining("Unknown finding");
				RedisConnections.deleteNamespace(redis, namespace);
			});
	}

	@Test
	@SuppressWarnings("unchecked")
	void theEndpointAddsPausesResumesAndRemovesDynamicSchedules() {
		String namespace = TestRedis.newNamespace("EndpointSchedules");
		this.contextRunner.withUserConfiguration(Jobs.class)
			.withPropertyValues("management.endpoints.jmx.exposure.include=resque", "spring.jmx.enabled=true",
					"resque.namespace=" + namespace, "resque.worker.enabled=false",
					"resque.schedules.tick.job=Ok", "resque.schedules.tick.queue=observed", "resque.schedules.tick.every=1h")
			.run((context) -> {
				ResqueEndpoint endpoint = context.getBean(ResqueEndpoint.class);
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				assertThat(endpoint.act("add-schedule", null, "dyn", "nightly", "Ok", "0 3 * * *", null, "[1,\"a\"]", null))
					.containsEntry("added", true);
				assertThat(admin.schedules().dynamic()).singleElement()
					.satisfies((stored) -> assertThat(stored.job()).isEqualTo(Job.of("dyn", "Ok", 1, "a")));
				assertThat(endpoint.act("pause-schedule", null, null, "nightly", null, null, null, null, null))
					.containsEntry("paused", true);
				List<Map<String, Object>> rows = (List<Map<String, Object>>) endpoint.section("schedules");
				assertThat(rows).extracting((row) -> row.get("name") + " " + row.get("source") + " " + row.get("paused"))
					.containsExactly("tick configuration false", "nightly dynamic true");
				assertThat(endpoint.act("resume-schedule", null, null, "nightly", null, null, null, null, null))
					.containsEntry("resumed", true);
				assertThat(endpoint.act("remove-schedule", null, null, "nightly", null, null, null, null, null))
					.containsEntry("removed", true);
				assertThat(admin.schedules().dynamic()).isEmpty();
				org.assertj.core.api.Assertions
					.assertThatThrownBy(() -> endpoint.act("add-schedule", null, "dyn", "bad", "Ok", null, "sometimes", null, null))
					.isInstanceOf(InvalidEndpointRequestException.class)
					.hasMessageContaining("not rufus-scheduler's");
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
			});
	}

	@Test
	void trackingCanBeTurnedOff() {
		String namespace = TestRedis.newNamespace("Untracked");
		this.contextRunner.withUserConfiguration(Jobs.class)
			.withPropertyValues("resque.namespace=" + namespace, "resque.tracking.enabled=false")
			.run((context) -> {
				ResqueTemplate resque = context.getBean(ResqueTemplate.class);
				ResqueAdmin admin = context.getBean(ResqueAdmin.class);
				StringRedisTemplate plain = context.getBean(StringRedisTemplate.class);
				assertThat(resque.enqueue(Ok.class).jobId()).isNull();
				await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 1);
				assertThat(plain.keys(namespace + ":job:*")).isEmpty();
				RedisConnections.deleteNamespace(plain, namespace);
			});
	}

	@ResqueJob(queue = "observed")
	static class Ok {

		public void perform() {
		}

	}

	@ResqueJob(queue = "observed")
	static class Broken {

		public void perform() {
			throw new IllegalStateException("broken");
		}

	}

	@ResqueJob(queue = "observed")
	@Retry(limit = 1, delay = "1h")
	static class Flaky {

		public void perform() {
			throw new UnsupportedOperationException("flaky");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Ok.class, Broken.class, Flaky.class })
	static class Jobs {

	}

}
