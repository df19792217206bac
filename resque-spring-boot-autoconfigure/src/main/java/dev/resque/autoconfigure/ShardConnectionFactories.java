package dev.resque.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;

import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.resque.core.job.ResqueConfigurationException;

/**
 * The connection factory of a shard that names a Redis of its own ({@code resque.shards.<name>.url},
 * {@code .host} or {@code .sentinel.*}), built with the client the application's own factory uses: Lettuce on
 * Spring Boot's client resources (so its reconnect back-off), or Jedis; a shard behind sentinels is always
 * reached over Lettuce, which asks them for the master on each reconnect.
 */
final class ShardConnectionFactories {

	private static final boolean JEDIS_PRESENT = ClassUtils.isPresent("redis.clients.jedis.Jedis",
			ShardConnectionFactories.class.getClassLoader());

	private ShardConnectionFactories() {
	}

	/** A started factory; the caller destroys it. */
	static RedisConnectionFactory create(String name, ResqueProperties.Shard shard, RedisConnectionFactory application,
			@Nullable ClientResources resources) {
		boolean ssl = shard.isSsl() || ((shard.getUrl() != null) && shard.getUrl().startsWith("rediss:"));
		RedisConfiguration server;
		if (shard.getSentinel().isSet()) {
			server = sentinel(shard);
		}
		else {
			RedisStandaloneConfiguration standalone = server(name, shard);
			if (JEDIS_PRESENT && JedisFactory.uses(application)) {
				return JedisFactory.create(standalone, shard, ssl);
			}
			server = standalone;
		}
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
			.commandTimeout(shard.getTimeout());
		if (resources != null) {
			client.clientResources(resources);
		}
		if (ssl) {
			client.useSsl();
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client.build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/** The shard's master as its sentinels name it, with its database and login. */
	static RedisSentinelConfiguration sentinel(ResqueProperties.Shard shard) {
		ResqueProperties.ShardSentinel settings = shard.getSentinel();
		RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration(settings.getMaster(),
				new HashSet<>(settings.getNodes()));
		sentinel.setDatabase(shard.getDatabase());
		if (shard.getUsername() != null) {
			sentinel.setUsername(shard.getUsername());
		}
		if (shard.getPassword() != null) {
			sentinel.setPassword(RedisPassword.of(shard.getPassword()));
		}
		if (settings.getPassword() != null) {
			sentinel.setSentinelPassword(RedisPassword.of(settings.getPassword()));
		}
		return sentinel;
	}

	static RedisStandaloneConfiguration server(String name, ResqueProperties.Shard shard) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration();
		server.setDatabase(shard.getDatabase());
		if (StringUtils.hasText(shard.getUrl())) {
			URI uri = uri(name, shard.getUrl());
			server.setHostName(uri.getHost());
			server.setPort((uri.getPort() > 0) ? uri.getPort() : 6379);
			String userInfo = uri.getUserInfo();
			if (userInfo != null) {
				int colon = userInfo.indexOf(':');
				String user = (colon < 0) ? null : userInfo.substring(0, colon);
				server.setUsername(StringUtils.hasText(user) ? user : null);
				server.setPassword(RedisPassword.of((colon < 0) ? userInfo : userInfo.substring(colon + 1)));
			}
			String path = uri.getPath();
			if (path != null && path.length() > 1) {
				server.setDatabase(Integer.parseInt(path.substring(1)));
			}
		}
		else {
			server.setHostName(shard.getHost());
			server.setPort(shard.getPort());
		}
		if (shard.getUsername() != null) {
			server.setUsername(shard.getUsername());
		}
		if (shard.getPassword() != null) {
			server.setPassword(RedisPassword.of(shard.getPassword()));
		}
		return server;
	}

	private static URI uri(String name, String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() == null || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
					|| (uri.getPath() != null && uri.getPath().length() > 1
							&& !uri.getPath().substring(1).chars().allMatch(Character::isDigit))) {
				throw new URISyntaxException(url, "not redis://[user:password@]host[:port][/database]");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new ResqueConfigurationException("resque.shards." + name + ".url cannot be read: " + ex.getMessage()
					+ ".", "Write it as redis://[user:password@]host[:port][/database] (rediss:// for TLS), or set "
							+ "resque.shards." + name + ".host and .port instead.", ex);
		}
	}

	/** Apart, so that Jedis's classes are loaded only when the application uses Jedis. */
	private static final class JedisFactory {

		static boolean uses(RedisConnectionFactory factory) {
			return factory instanceof JedisConnectionFactory;
		}

		static RedisConnectionFactory create(RedisStandaloneConfiguration server, ResqueProperties.Shard shard,
				boolean ssl) {
			JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder()
				.readTimeout(shard.getTimeout())
				.connectTimeout(shard.getTimeout());
			if (ssl) {
				client.useSsl();
			}
			JedisConnectionFactory factory = new JedisConnectionFactory(server, client.usePooling().build());
			factory.afterPropertiesSet();
			factory.start();
			return factory;
		}

	}

}
