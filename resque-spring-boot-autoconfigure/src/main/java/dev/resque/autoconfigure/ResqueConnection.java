package dev.resque.autoconfigure;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis connection Resque uses, resolved once: the {@link ResqueRedisConnectionFactory} bean when there is one,
 * else the application's {@link RedisConnectionFactory}.
 *
 * @param factory the connection factory
 * @param redis a template over it, for the parts that issue plain commands (the plugins)
 */
record ResqueConnection(RedisConnectionFactory factory, StringRedisTemplate redis) {

	ResqueConnection(RedisConnectionFactory factory) {
		this(factory, new StringRedisTemplate(factory));
	}

}
