package dev.resque.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.ResqueJobRegistrar;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobRegistry;

/**
 * Auto-configuration of Spring Resque on Spring Boot's Redis connection. A connection factory qualified with
 * {@link ResqueRedisConnectionFactory} gives Resque a Redis of its own.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ ResqueTemplate.class, RedisConnectionFactory.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(ResqueProperties.class)
@Import({ ResqueWorkerConfiguration.class, ResqueSchedulerConfiguration.class })
public final class ResqueAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ResqueKeys resqueKeys(ResqueProperties properties) {
		return new ResqueKeys(properties.getNamespace());
	}

	@Bean
	@ConditionalOnMissingBean
	JobCodec resqueJobCodec() {
		return new JobCodec();
	}

	@Bean
	@ConditionalOnMissingBean
	JobRegistry resqueJobRegistry() {
		return new JobRegistry();
	}

	@Bean
	ResqueJobRegistrar resqueJobRegistrar(JobRegistry resqueJobRegistry) {
		return new ResqueJobRegistrar(resqueJobRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	ResqueTemplate resqueTemplate(@ResqueRedisConnectionFactory ObjectProvider<RedisConnectionFactory> resqueConnectionFactory,
			ObjectProvider<RedisConnectionFactory> connectionFactory, ResqueKeys keys, JobCodec codec) {
		return new ResqueTemplate(resqueConnectionFactory.getIfAvailable(connectionFactory::getObject), keys, codec);
	}

}
