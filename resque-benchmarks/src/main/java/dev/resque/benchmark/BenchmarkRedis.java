package dev.resque.benchmark;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

/**
 * The Redis server the benchmark runs against: the one named on the command line, or a private
 * {@code redis-server} started for this JVM and stopped with it.
 */
final class BenchmarkRedis implements AutoCloseable {

	private final String host;

	private final int port;

	private final int database;

	private final @Nullable RedisServerProcess ownServer;

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate template;

	private BenchmarkRedis(String host, int port, int database, @Nullable RedisServerProcess ownServer,
			String client) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.ownServer = ownServer;
		this.connectionFactory = client.equals("jedis") ? jedis(host, port, database)
				: RedisConnections.connectionFactory(host, port, database);
		this.template = new StringRedisTemplate(this.connectionFactory);
	}

	/** Jedis with a pool large enough for every worker thread, the subscription and the enqueuing thread. */
	private static RedisConnectionFactory jedis(String host, int port, int database) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(host, port);
		server.setDatabase(database);
		GenericObjectPoolConfig<Object> pool = new GenericObjectPoolConfig<>();
		pool.setMaxTotal(32);
		pool.setMaxIdle(32);
		JedisConnectionFactory factory = new JedisConnectionFactory(server,
				JedisClientConfiguration.builder().usePooling().poolConfig(pool).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** A private server of its own, as one shard of several. */
	static BenchmarkRedis startPrivate(String client) {
		return connect(null, client);
	}

	static BenchmarkRedis connect(@Nullable URI url, String client) {
		if (url == null) {
			RedisServerProcess server = RedisServerProcess.startOnFreePort();
			return new BenchmarkRedis(server.host(), server.port(), 0, server, client);
		}
		String path = url.getPath();
		int database = (path == null || path.length() <= 1) ? 0 : Integer.parseInt(path.substring(1));
		return new BenchmarkRedis(url.getHost(), (url.getPort() > 0) ? url.getPort() : 6379, database, null, client);
	}

	RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	StringRedisTemplate template() {
		return this.template;
	}

	String url() {
		return "redis://" + this.host + ":" + this.port + "/" + this.database;
	}

	/** A namespace of its own for one run, so runs never see each other's keys. */
	static String newNamespace() {
		return "resque-bench-" + UUID.randomUUID().toString().substring(0, 8);
	}

	void deleteNamespace(String namespace) {
		RedisConnections.deleteNamespace(this.template, namespace);
	}

	@Override
	public void close() {
		if (this.connectionFactory instanceof LettuceConnectionFactory lettuce) {
			lettuce.destroy();
		}
		else if (this.connectionFactory instanceof JedisConnectionFactory jedis) {
			jedis.destroy();
		}
		if (this.ownServer != null) {
			this.ownServer.close();
		}
	}

}
