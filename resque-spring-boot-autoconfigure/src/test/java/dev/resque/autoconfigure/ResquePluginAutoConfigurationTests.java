package dev.resque.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.EnqueueContext;
import dev.resque.core.plugin.GlobalResquePlugin;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PerformContext;
import dev.resque.core.plugin.QueueLock;
import dev.resque.core.plugin.ResquePlugin;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResquePluginAutoConfigurationTests {

	private final TestRedis redis = TestRedis.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
				"spring.data.redis.database=" + this.redis.database(), "resque.worker.concurrency=1");

	@Test
	void pluginBeansRunGloballyAndWhereJobsListThem() {
		String namespace = TestRedis.newNamespace("PluginAutoConfig");
		this.contextRunner.withUserConfiguration(PluginConfiguration.class)
			.withPropertyValues("resque.namespace=" + namespace)
			.run((context) -> {
				assertThat(context.getBean(JobPlugins.class).forJob("Audited")).hasSize(3);
				assertThat(context.getBean(JobPlugins.class).forJob("Unknown")).hasSize(1);
				ResqueTemplate resque = context.getBean(ResqueTemplate.class);
				// a worker takes the job at once, so the queue lock's refusal is tested where no worker runs
				assertThat(resque.enqueue(Audited.class, "x").enqueued()).isTrue();
				List<String> hooks = context.getBean(Hooks.class).calls;
				await().atMost(Duration.ofSeconds(5)).until(() -> hooks.contains("audit afterPerform"));
				assertThat(hooks).containsExactly("everywhere beforeEnqueue", "audit beforeEnqueue", "everywhere beforePerform", "audit beforePerform", "audit afterPerform");
				RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class), namespace);
			});
	}

	static class Hooks {

		final List<String> calls = new CopyOnWriteArrayList<>();

	}

	@GlobalResquePlugin
	static class Everywhere implements ResquePlugin {

		private final Hooks hooks;

		Everywhere(Hooks hooks) {
			this.hooks = hooks;
		}

		@Override
		public boolean beforeEnqueue(EnqueueContext context) {
			this.hooks.calls.add("everywhere beforeEnqueue");
			return true;
		}

		@Override
		public boolean beforePerform(PerformContext context) {
			this.hooks.calls.add("everywhere beforePerform");
			return true;
		}

	}

	static class Audit implements ResquePlugin {

		private final Hooks hooks;

		Audit(Hooks hooks) {
			this.hooks = hooks;
		}

		@Override
		public boolean beforeEnqueue(EnqueueContext context) {
			this.hooks.calls.add("audit beforeEnqueue");
			return true;
		}

		@Override
		public boolean beforePerform(PerformContext context) {
			this.hooks.calls.add("audit beforePerform");
			return true;
		}

		@Override
		public void afterPerform(PerformContext context) {
			this.hooks.calls.add("audit afterPerform");
		}

	}

	@ResqueJob(plugins = Audit.class)
	@QueueLock
	static class Audited {

		public void perform(String id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Audited.class)
	static class PluginConfiguration {

		@Bean
		Hooks hooks() {
			return new Hooks();
		}

		@Bean
		Everywhere everywhere(Hooks hooks) {
			return new Everywhere(hooks);
		}

		@Bean
		Audit audit(Hooks hooks) {
			return new Audit(hooks);
		}

	}

}
