package dev.resque.test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.worker.JobInvoker;

/**
 * The test modes: {@code resque.mode=inline} and {@code resque.mode=fake}. Their {@code ResqueOperations} need no
 * Redis; the admin API, which reads Redis, stays the application's.
 */
@AutoConfiguration(before = ResqueAutoConfiguration.class)
public final class ResqueTestAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "inline")
	static class InlineConfiguration {

		@Bean
		InlineResqueTemplate resqueTemplate(JobCodec codec, JobRegistry registry) {
			return new InlineResqueTemplate(codec, new JobInvoker(registry, codec));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "resque.mode", havingValue = "fake")
	static class FakeConfiguration {

		@Bean
		FakeResqueTemplate resqueTemplate(JobCodec codec, JobRegistry registry) {
			return new FakeResqueTemplate(codec, new JobInvoker(registry, codec));
		}

	}

}
