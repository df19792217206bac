package dev.resque.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.security.web.SecurityFilterChain;

import dev.resque.autoconfigure.dashboard.ResqueDashboardAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class ResqueDashboardAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
				WebMvcAutoConfiguration.class, ResqueDashboardAutoConfiguration.class))
		.withPropertyValues("resque.worker.enabled=false", "resque.scheduler.enabled=false");

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean("resqueDashboardController"));
	}

	@Test
	void withoutSpringSecurityItRefusesToStartUnlessAllowed() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
			.withPropertyValues("resque.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Spring Security is not on the classpath")
				.hasMessageContaining("resque.dashboard.allow-unauthenticated=true"));
		this.contextRunner.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
			.withPropertyValues("resque.dashboard.enabled=true", "resque.dashboard.allow-unauthenticated=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("resqueDashboardController");
				assertThat(context).doesNotHaveBean("resqueDashboardRoleCheck");
			});
	}

	@Test
	void withSpringSecurityTheRoleIsChecked() {
		this.contextRunner.withPropertyValues("resque.dashboard.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("resqueDashboardController")
				.hasBean("resqueDashboardRoleCheck"));
	}

	@Test
	void theStartupLineGivesTheDashboardPath() {
		this.contextRunner.withPropertyValues("resque.dashboard.enabled=true", "resque.dashboard.path=ops/jobs/",
				"server.servlet.context-path=/app")
			.run((context) -> assertThat(context.getBean(ResqueStartupSummary.class).summary())
				.contains("; workers off; scheduler off; dashboard /app/ops/jobs; "));
		this.contextRunner
			.run((context) -> assertThat(context.getBean(ResqueStartupSummary.class).summary()).contains("; dashboard off; "));
	}

	@Test
	void notInANonWebApplication() {
		new org.springframework.boot.test.context.runner.ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class,
					ResqueDashboardAutoConfiguration.class))
			.withPropertyValues("resque.dashboard.enabled=true", "resque.worker.enabled=false",
					"resque.scheduler.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("resqueDashboardController"));
	}

}
