package dev.resque.autoconfigure;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.job.ResqueConfigurationException;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.RedisEndpoints;
import dev.resque.core.redis.ResqueKeys;

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

	/**
	 * The connection for this namespace, refused on a Redis Cluster when the namespace has no hash tag: every
	 * Resque script touches several keys, and a cluster runs a script only when all of them live in one slot.
	 */
	static ResqueConnection forNamespace(RedisConnectionFactory factory, ResqueKeys keys) {
		if (RedisEndpoints.isCluster(factory) && keys.hashTag() == null) {
			throw new ResqueConfigurationException("Redis is a Cluster, and resque.namespace \"" + keys.namespace()
					+ "\" has no hash tag: Resque's scripts touch several keys at once, and a cluster refuses a script "
					+ "whose keys live in different slots.",
					"Set a hash-tagged namespace, such as resque.namespace: \"{" + (keys.namespace().isEmpty()
							? ResqueKeys.DEFAULT_NAMESPACE : keys.namespace())
							+ "}\", so that every key lives in one slot; node-resque and Ruby Resque must use the same "
							+ "namespace to share the queues.");
		}
		return new ResqueConnection(factory);
	}

	/** A template over the connection, for the parts that issue plain commands (the plugins). */
	StringRedisTemplate redis() {
		return this.calls.redis();
	}

}
