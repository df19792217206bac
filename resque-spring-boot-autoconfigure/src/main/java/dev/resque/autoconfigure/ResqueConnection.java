package dev.resque.autoconfigure;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.RedisCalls;

/**
 * The Redis connection Resque uses, resolved once: the {@link ResqueRedisConnectionFactory} bean when there is one,
 * else the application's {@link RedisConnectionFactory}.
 *
 * @param factory the connection factory
 * @param calls the client the template, the admin API and the plugins share over it
 */
record ResqueConnection(RedisConnectionFactory factory, RedisCalls calls) {

	ResqueConnection(RedisConnectionFactory factory) {
		this(factory, new RedisCalls(factory));
	}

	/** A template over the connection, for the parts that issue plain commands (the plugins). */
	StringRedisTemplate redis() {
		return this.calls.redis();
	}

}
