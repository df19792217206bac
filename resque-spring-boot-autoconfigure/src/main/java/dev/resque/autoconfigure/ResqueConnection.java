package dev.resque.autoconfigure;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.job.ResqueConfigurationException;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.RedisEndpoints;
import dev.resque.core.redis.ReplicaWait;
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
	static ResqueConnection forNamespace(RedisConnectionFactory factory, ResqueKeys keys, ReplicaWait replicaWait) {
		boolean cluster = RedisEndpoints.isCluster(factory);
		if (cluster && replicaWait.enabled()) {
			throw new ResqueConfigurationException("resque.replication.wait-for-replicas is "
					+ replicaWait.replicas() + ", but Redis is a Cluster, where the client sends WAIT to a node of its "
					+ "choosing rather than to the master that took the job.",
					"Leave resque.replication.wait-for-replicas at 0 on a Cluster; it works with Sentinel and with a "
							+ "standalone master and its replicas.");
		}
		if (cluster && keys.hashTag() == null) {
			throw new ResqueConfigurationException("Redis is a Cluster, and resque.namespace \"" + keys.namespace()
					+ "\" has no hash tag: Resque's scripts touch several keys at once, and a cluster refuses a script "
					+ "whose keys live in different slots.",
					"Set a hash-tagged namespace, such as resque.namespace: \"{" + (keys.namespace().isEmpty()
							? ResqueKeys.DEFAULT_NAMESPACE : keys.namespace())
							+ "}\", so that every key lives in one slot; node-resque and Ruby Resque must use the same "
							+ "namespace to share the queues.");
		}
		ResqueConnection connection = new ResqueConnection(factory);
		connection.calls().setReplicaWait(replicaWait);
		return connection;
	}

	/** A template over the connection, for the parts that issue plain commands (the plugins). */
	StringRedisTemplate redis() {
		return this.calls.redis();
	}

}
