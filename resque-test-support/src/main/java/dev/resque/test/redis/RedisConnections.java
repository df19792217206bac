package dev.resque.test.redis;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Connection factories for tests, started and ready to use. */
public final class RedisConnections {

	private RedisConnections() {
	}

	public static LettuceConnectionFactory connectionFactory(TestRedis redis) {
		return connectionFactory(redis.host(), redis.port(), redis.database());
	}

	public static LettuceConnectionFactory connectionFactory(String host, int port, int database) {
		// tests that take Redis away should not wait Lettuce's default minute per command
		return connectionFactory(host, port, database, Duration.ofSeconds(5));
	}

	public static LettuceConnectionFactory connectionFactory(String host, int port, int database,
			Duration commandTimeout) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(host, port);
		configuration.setDatabase(database);
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(commandTimeout)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** Deletes every key under {@code namespace:}; the rest of the server is left alone. */
	public static void deleteNamespace(StringRedisTemplate redis, String namespace) {
		try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(namespace + ":*").count(1000).build())) {
			keys.forEachRemaining(redis::delete);
		}
	}

}
