package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
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
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.Retry;
import dev.resque.core.queue.ResqueStats;
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
			await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("resque.jobs.failed").counter() != null
					&& meters.find("resque.jobs.retried").counter() != null
					&& meters.find("resque.jobs.processed").counter() != null
					&& meters.get("resque.jobs.processed").counter().count() == 2);
			assertThat(meters.get("resque.jobs.enqueued").tags("queue", "observed", "job", "Ok").counter().count()).isEqualTo(2);
			assertThat(meters.get("resque.jobs.failed").tags("queue", "observed", "job", "Broken").counter().count()).isEqualTo(1);
			assertThat(meters.get("resque.jobs.retried").tags("job", "Flaky").counter().count()).isEqualTo(1);
			assertThat(meters.get("resque.job.process").tags("queue", "observed", "job", "Ok", "outcome", "success").timer().count())
				.isEqualTo(2);
			assertThat(meters.get("resque.job.process").tags("job", "Broken", "outcome", "failure").timer().count()).isEqualTo(1);
			assertThat(meters.get("resque.job.process").tags("job", "Flaky", "outcome", "retried").timer().count()).isEqualTo(1);
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
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoint.act("retry", 5, null))
					.isInstanceOf(InvalidEndpointRequestException.class)
					.hasMessageContaining("no entry at index 5");
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
			throw new IllegalStateException("flaky");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Ok.class, Broken.class, Flaky.class })
	static class Jobs {

	}

}
