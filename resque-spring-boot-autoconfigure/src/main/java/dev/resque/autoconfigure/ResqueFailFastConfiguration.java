package dev.resque.autoconfigure;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;

import dev.resque.core.job.ResqueConfigurationException;

/**
 * {@code resque.fail-fast=true}: startup fails when Redis cannot be reached, for deployments that would rather
 * restart than run without it. By default the application starts and its workers and scheduler wait for Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("resque.fail-fast")
class ResqueFailFastConfiguration {

	@Bean
	SmartInitializingSingleton resqueRedisAtStartup(ResqueConnection connection) {
		// after every singleton and before the workers and scheduler start: a failure here stops the start
		return () -> {
			try {
				connection.calls()
					.call("reach Redis at startup", () -> connection.redis().execute((RedisCallback<String>) RedisConnection::ping));
			}
			catch (DataAccessException ex) {
				throw new ResqueConfigurationException(ex.getMessage() + ".",
						"Start Redis, or correct spring.data.redis.* (or the @ResqueRedisConnectionFactory bean); or leave "
								+ "resque.fail-fast unset, so that the application starts and its workers wait for Redis.",
						ex);
			}
		};
	}

}
