package dev.resque.test;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.ResqueProperties;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.ResquePlugin;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;

/**
 * The test modes: {@code resque.mode=inline} and {@code resque.mode=fake}. Their {@code ResqueOperations} need no
 * Redis and run the application's plugins with locks and counters in memory ({@code resque.test.plugins=false}
 * turns that off); the admin API, which reads Redis, stays the application's.
 */
@AutoConfiguration(before = ResqueAutoConfiguration.class)
public final class ResqueTestAutoConfiguration {

	static TestModePlugins plugins(ResqueProperties properties, JobRegistry registry, ObjectProvider<ResquePlugin> plugins,
			ListableBeanFactory beanFactory, ResqueKeys keys, JobCodec codec) {
		if (!properties.getTest().isPlugins()) {
			return TestModePlugins.none();
		}
		return new TestModePlugins(registry, JobPlugins.globalsAmong(plugins.orderedStream()), beanFactory::getBean,
				keys, codec);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "inline")
	static class InlineConfiguration {

		@Bean
		InlineResqueTemplate resqueTemplate(ResqueProperties properties, JobCodec codec, JobRegistry registry,
				ObjectProvider<ResquePlugin> plugins, ListableBeanFactory beanFactory, ResqueKeys keys) {
			return new InlineResqueTemplate(codec, new JobInvoker(registry, codec),
					plugins(properties, registry, plugins, beanFactory, keys, codec));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "fake")
	static class FakeConfiguration {

		@Bean
		FakeResqueTemplate resqueTemplate(ResqueProperties properties, JobCodec codec, JobRegistry registry,
				ObjectProvider<ResquePlugin> plugins, ListableBeanFactory beanFactory, ResqueKeys keys) {
			return new FakeResqueTemplate(codec, new JobInvoker(registry, codec),
					plugins(properties, registry, plugins, beanFactory, keys, codec));
		}

	}

}
