package dev.resque.core.redis;

import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/** Says which Redis a connection factory points at, so connection errors can name it. */
public final class RedisEndpoints {

	private RedisEndpoints() {
	}

	/**
	 * Whether the factory connects to a Redis Cluster, by its configuration alone (no connection is made, so this
	 * works before Redis is up).
	 */
	public static boolean isCluster(RedisConnectionFactory factory) {
		if (factory instanceof LettuceConnectionFactory lettuce) {
			return lettuce.isClusterAware();
		}
		return JEDIS_PRESENT && JedisTopology.isCluster(factory);
	}

	private static final boolean JEDIS_PRESENT = ClassUtils.isPresent("redis.clients.jedis.Jedis",
			RedisEndpoints.class.getClassLoader());

	/** Apart, so that Jedis's classes are loaded only when Jedis is there. */
	private static final class JedisTopology {

		static boolean isCluster(RedisConnectionFactory factory) {
			return factory instanceof JedisConnectionFactory jedis && jedis.isRedisClusterAware();
		}

	}

	public static String describe(RedisConnectionFactory factory) {
		if (factory instanceof LettuceConnectionFactory lettuce) {
			RedisClusterConfiguration cluster = lettuce.getClusterConfiguration();
			if (cluster != null) {
				return "Redis Cluster " + StreamSupport.stream(cluster.getClusterNodes().spliterator(), false)
					.map(Object::toString)
					.collect(Collectors.joining(",", "[", "]"));
			}
			RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
			if (sentinel != null) {
				return "Redis master \"" + sentinel.getMaster().getName() + "\" via Sentinels "
						+ StreamSupport.stream(sentinel.getSentinels().spliterator(), false)
							.map(Object::toString)
							.collect(Collectors.joining(",", "[", "]"));
			}
			return "Redis at " + lettuce.getHostName() + ":" + lettuce.getPort();
		}
		return "Redis (" + factory.getClass().getSimpleName() + ")";
	}

}
