package dev.resque.benchmark;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
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

	private final LettuceConnectionFactory connectionFactory;

	private final StringRedisTemplate template;

	private BenchmarkRedis(String host, int port, int database, @Nullable RedisServerProcess ownServer) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.ownServer = ownServer;
		this.connectionFactory = RedisConnections.connectionFactory(host, port, database);
		this.template = new StringRedisTemplate(this.connectionFactory);
	}

	static BenchmarkRedis connect(@Nullable URI url) {
		if (url == null) {
			RedisServerProcess server = RedisServerProcess.startOnFreePort();
			return new BenchmarkRedis(server.host(), server.port(), 0, server);
		}
		String path = url.getPath();
		int database = (path == null || path.length() <= 1) ? 0 : Integer.parseInt(path.substring(1));
		return new BenchmarkRedis(url.getHost(), (url.getPort() > 0) ? url.getPort() : 6379, database, null);
	}

	LettuceConnectionFactory connectionFactory() {
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
		this.connectionFactory.destroy();
		if (this.ownServer != null) {
			this.ownServer.close();
		}
	}

}
