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
	SmartInitializingSingleton resqueRedisAtStartup(ResqueShards shards) {
		// after every singleton and before the workers and scheduler start: a failure here stops the start
		return () -> shards.all().forEach(ResqueFailFastConfiguration::reach);
	}

	private static void reach(ResqueShard shard) {
		try {
			shard.calls()
				.call("reach Redis at startup",
						() -> shard.calls().redis().execute((RedisCallback<String>) RedisConnection::ping));
		}
		catch (DataAccessException ex) {
			String where = shard.isDefault() ? "spring.data.redis.* (or the @ResqueRedisConnectionFactory bean)"
					: "resque.shards." + shard.name() + ".*";
			throw new ResqueConfigurationException(ex.getMessage() + ".", "Start Redis, or correct " + where
					+ "; or leave resque.fail-fast unset, so that the application starts and its workers wait for Redis.",
					ex);
		}
	}

}
