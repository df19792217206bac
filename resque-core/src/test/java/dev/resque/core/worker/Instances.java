package dev.resque.core.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

/**
 * Several instances of an application on one namespace, as tests of what instances do together need them: each
 * started instance is a worker container with a Redis connection of its own, beside a client connection with a
 * template and an admin. {@link #close()} stops them, deletes the namespace and closes every connection.
 */
final class Instances implements AutoCloseable {

	private final TestRedis server = TestRedis.get();

	private final WorkerTestSupport support;

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private final List<ResqueWorkerContainer> started = new ArrayList<>();

	final String ns;

	final ResqueKeys keys;

	final StringRedisTemplate redis;

	final ResqueTemplate resque;

	final ResqueAdmin admin;

	Instances(String name, WorkerTestSupport support) {
		this.support = support;
		this.ns = TestRedis.newNamespace(name);
		this.keys = new ResqueKeys(this.ns);
		LettuceConnectionFactory client = connection();
		this.redis = new StringRedisTemplate(client);
		this.resque = new ResqueTemplate(client, this.keys, new JobCodec());
		this.admin = new ResqueAdmin(client, this.keys, new JobCodec());
	}

	/** Starts an instance with this pool, set up by {@code settings} before it starts. */
	ResqueWorkerContainer start(Duration pollInterval, WorkerPoolSettings pool, Consumer<ResqueWorkerContainer> settings) {
		ResqueWorkerContainer instance = this.support.container(connection(), this.keys, pollInterval,
				Duration.ofSeconds(5), pool);
		settings.accept(instance);
		instance.start();
		this.started.add(instance);
		return instance;
	}

	@Override
	public void close() {
		this.started.forEach(ResqueWorkerContainer::stop);
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

	private LettuceConnectionFactory connection() {
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.server);
		this.connections.add(factory);
		return factory;
	}

}
