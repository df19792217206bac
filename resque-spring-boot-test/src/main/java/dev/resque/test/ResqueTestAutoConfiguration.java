package dev.resque.test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.JobRegistry;

/** The test modes: {@code resque.mode=inline} and {@code resque.mode=fake}. */
@AutoConfiguration(before = ResqueAutoConfiguration.class)
public final class ResqueTestAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "inline")
	static class InlineConfiguration {

		@Bean
		ResqueTemplate resqueTemplate(ObjectProvider<RedisConnectionFactory> connectionFactory, ResqueKeys keys,
				JobCodec codec, JobRegistry registry) {
			return new InlineResqueTemplate(connectionFactory.getObject(), keys, codec, new JobInvoker(registry, codec));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "fake")
	static class FakeConfiguration {

		@Bean
		FakeResqueTemplate resqueTemplate(ObjectProvider<RedisConnectionFactory> connectionFactory, ResqueKeys keys,
				JobCodec codec, JobRegistry registry) {
			return new FakeResqueTemplate(connectionFactory.getObject(), keys, codec, new JobInvoker(registry, codec));
		}

	}

}
