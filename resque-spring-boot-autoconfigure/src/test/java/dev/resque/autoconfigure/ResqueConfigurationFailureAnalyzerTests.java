package dev.resque.autoconfigure;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.security.web.SecurityFilterChain;

import dev.resque.autoconfigure.dashboard.ResqueDashboardAutoConfiguration;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every set-up that cannot work stops startup with Spring Boot's "APPLICATION FAILED TO START": a description
 * naming the class, property or bean, and an action, instead of a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResqueConfigurationFailureAnalyzerTests {

	private final TestRedis redis = TestRedis.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
				"resque.worker.enabled=false", "resque.scheduler.enabled=true",
				"resque.namespace=" + TestRedis.newNamespace("FailureAnalysis"));

	private final ResqueConfigurationFailureAnalyzer analyzer = new ResqueConfigurationFailureAnalyzer();

	@Test
	void twoJobsWithOneName() {
		analyzed(this.contextRunner.withUserConfiguration(ResqueWorkerAutoConfigurationTests.DuplicateJobs.class),
				(analysis) -> {
					assertThat(analysis.getDescription()).startsWith("Two jobs are named \"fails\"");
					assertThat(analysis.getAction()).contains("@ResqueJob(name = \"...\")");
				});
	}

	@Test
	void aJobWithAmbiguousOverloads() {
		analyzed(this.contextRunner.withUserConfiguration(ResqueWorkerAutoConfigurationTests.AmbiguousJob.class),
				(analysis) -> {
					assertThat(analysis.getDescription()).contains("perform(String) and perform(int) both take 1 argument")
						.contains("(bean '");
					assertThat(analysis.getAction()).contains("one public instance perform method for each number");
				});
	}

	@Test
	void aScheduleOfAnUnknownJob() {
		analyzed(this.contextRunner.withPropertyValues("resque.schedules.nightly.job=GenerateReport",
				"resque.schedules.nightly.cron=0 0 2 * * *"), (analysis) -> {
					assertThat(analysis.getDescription()).contains("no @ResqueJob is named \"GenerateReport\"");
					assertThat(analysis.getAction()).contains("resque.schedules.nightly.queue");
				});
	}

	@Test
	void aScheduleWithCronAndEvery() {
		analyzed(this.contextRunner.withPropertyValues("resque.schedules.tick.job=Tick", "resque.schedules.tick.queue=q",
				"resque.schedules.tick.cron=0 * * * * *", "resque.schedules.tick.every=1m"), (analysis) -> {
					assertThat(analysis.getDescription()).isEqualTo("resque.schedules.tick needs exactly one of cron and every.");
					assertThat(analysis.getAction()).contains("resque.schedules.tick.cron").contains("resque.schedules.tick.every");
				});
	}

	@Test
	void aBadCronExpression() {
		analyzed(this.contextRunner.withPropertyValues("resque.schedules.tick.job=Tick", "resque.schedules.tick.queue=q",
				"resque.schedules.tick.cron=every day"), (analysis) -> {
					assertThat(analysis.getDescription()).startsWith("resque.schedules.tick cannot be scheduled: ");
					assertThat(analysis.getAction()).contains("six-field cron expression");
				});
	}

	@Test
	void aDashboardWithoutSpringSecurity() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
					WebMvcAutoConfiguration.class, ResqueDashboardAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
			.withPropertyValues("resque.worker.enabled=false", "resque.scheduler.enabled=false",
					"resque.dashboard.enabled=true");
		analyzed(web, (analysis) -> {
			assertThat(analysis.getDescription()).contains("Spring Security is not on the classpath");
			assertThat(analysis.getAction()).contains("spring-boot-starter-security")
				.contains("resque.dashboard.allow-unauthenticated=true");
		});
	}

	@Test
	void springBootPrintsTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(Unknown.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.data.redis.host=" + this.redis.host(),
				"--spring.data.redis.port=" + this.redis.port(), "--resque.worker.enabled=false",
				"--resque.schedules.nightly.job=GenerateReport", "--resque.schedules.nightly.every=1h"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("resque.schedules.nightly.queue is required: no @ResqueJob is named \"GenerateReport\"")
			.contains("Action:");
	}

	private <C extends AbstractApplicationContextRunner<?, ?, ?>> void analyzed(C runner, Consumer<FailureAnalysis> check) {
		runner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).as("an analysis of %s", context.getStartupFailure()).isNotNull();
			check.accept(analysis);
		});
	}

	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class })
	static class Unknown {

	}

}
