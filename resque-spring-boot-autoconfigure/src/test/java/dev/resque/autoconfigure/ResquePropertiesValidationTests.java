package dev.resque.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** resque.* values that cannot work stop startup as they are bound, with Spring Boot's report of each. */
@ExtendWith(OutputCaptureExtension.class)
class ResquePropertiesValidationTests {

	// no Redis behind it: binding fails before anything connects
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1", "resque.worker.enabled=false", "resque.scheduler.enabled=false");

	@Test
	void theDefaultsAreValid() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ResqueProperties.class));
	}

	@Test
	void eachValueThatCannotWorkIsNamedWithItsReason() {
		this.contextRunner
			.withPropertyValues("resque.namespace=my jobs", "resque.worker.concurrency=0", "resque.worker.queues=",
					"resque.worker.poll-interval=0s", "resque.worker.max-payload-size=0B",
					"resque.worker.pools.mail.concurrency=-1", "resque.scheduler.leader-lock-timeout=1s",
					"resque.scheduler.stuck-worker-timeout=5s", "resque.health.timeout=0s",
					"resque.health.failed-threshold=-1", "resque.dashboard.path=/", "resque.dashboard.role= ",
					"resque.reconnect-max-delay=-1s", "resque.failed.max-entries=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				List<FieldError> errors = fieldErrors(context.getStartupFailure());
				assertThat(errors).extracting(FieldError::getField)
					.containsExactlyInAnyOrder("namespace", "reconnectMaxDelay", "worker.queues", "worker.concurrency",
							"worker.pollInterval", "worker.maxPayloadSize", "worker.pools[mail].concurrency",
							"scheduler.leaderLockTimeout", "scheduler.stuckWorkerTimeout", "health.timeout",
							"health.failedThreshold", "dashboard.path", "dashboard.role", "failed.maxEntries");
				assertThat(errors).filteredOn((error) -> error.getField().equals("scheduler.stuckWorkerTimeout"))
					.singleElement()
					.satisfies((error) -> assertThat(error.getDefaultMessage())
						.isEqualTo("must be longer than resque.worker.ping-interval (PT5S); else live workers are "
								+ "taken for dead between two pings"));
			});
	}

	@Test
	void shardsThatCannotWorkAreNamedWithTheirReason() {
		this.contextRunner
			.withPropertyValues("resque.shards.default.queues=a", "resque.shards.empty.host=other",
					"resque.shards.star.host=other", "resque.shards.star.queues=*",
					"resque.shards.twice.host=other", "resque.shards.twice.queues=a",
					"resque.shards.here.queues=b", "resque.shards.slow.host=other", "resque.shards.slow.queues=c",
					"resque.shards.slow.timeout=0s", "resque.shards.lost.queues=d", "resque.shards.lost.port=7000",
					"resque.shards.lost.namespace=lost", "resque.shards.watched.queues=e",
					"resque.shards.watched.sentinel.master=m", "resque.shards.watched.host=other")
			.run((context) -> {
				assertThat(context).hasFailed();
				List<FieldError> errors = fieldErrors(context.getStartupFailure());
				assertThat(errors).extracting(FieldError::getField)
					.containsExactlyInAnyOrder("shards", "shards[default].namespace", "shards[empty].queues",
							"shards[star].queues", "shards[twice].queues", "shards[here].namespace",
							"shards[slow].timeout", "shards[lost].host", "shards[watched].sentinel.master",
							"shards[watched].sentinel.nodes");
				assertThat(errors).filteredOn((error) -> error.getField().equals("shards[twice].queues"))
					.singleElement()
					.satisfies((error) -> assertThat(error.getDefaultMessage())
						.isEqualTo("queue \"a\" is also listed by shard default; a queue lives on one shard"));
				assertThat(errors).filteredOn((error) -> error.getField().equals("shards[here].namespace"))
					.singleElement()
					.satisfies((error) -> assertThat(error.getDefaultMessage()).isEqualTo("is \"resque\", as the "
							+ "application's own queues on the same Redis: set a url or host for the shard, or a "
							+ "namespace of its own"));
			});
	}

	@Test
	void aShardOnTheSameRedisWithANamespaceOfItsOwnIsValid() {
		this.contextRunner.withPropertyValues("resque.shards.b.queues=b", "resque.shards.b.namespace={b}")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void springBootReportsThePropertyItsValueAndTheReason(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ResqueConfigurationFailureAnalyzerTests.Unknown.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.data.redis.port=1",
				"--resque.worker.enabled=false", "--resque.worker.concurrency=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: resque.worker.concurrency")
			.contains("Value: \"0\"")
			.contains("Reason: must be at least 1 (worker threads)")
			.contains("Update your application's configuration");
	}

	private static List<FieldError> fieldErrors(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof BindValidationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("a BindValidationException in %s", NestedExceptionUtils.getMostSpecificCause(failure))
			.isNotNull();
		return ((BindValidationException) cause).getValidationErrors().getAllErrors()
			.stream()
			.map(FieldError.class::cast)
			.toList();
	}

}
