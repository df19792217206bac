package dev.resque.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import dev.resque.core.job.ResqueConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardConnectionFactoriesTests {

	@Test
	void aUrlGivesHostPortUserPasswordAndDatabase() {
		ResqueProperties.Shard shard = new ResqueProperties.Shard();
		shard.setUrl("redis://jobs:s3cret@redis-b.internal:6380/2");
		RedisStandaloneConfiguration server = ShardConnectionFactories.server("b", shard);
		assertThat(server.getHostName()).isEqualTo("redis-b.internal");
		assertThat(server.getPort()).isEqualTo(6380);
		assertThat(server.getUsername()).isEqualTo("jobs");
		assertThat(server.getPassword().get()).containsExactly("s3cret".toCharArray());
		assertThat(server.getDatabase()).isEqualTo(2);
	}

	@Test
	void aPasswordAloneAndTheDefaultPort() {
		ResqueProperties.Shard shard = new ResqueProperties.Shard();
		shard.setUrl("redis://:pw@redis-b");
		RedisStandaloneConfiguration server = ShardConnectionFactories.server("b", shard);
		assertThat(server.getPort()).isEqualTo(6379);
		assertThat(server.getUsername()).isNull();
		assertThat(server.getPassword().get()).containsExactly("pw".toCharArray());
	}

	@Test
	void hostAndPortWithoutUrl() {
		ResqueProperties.Shard shard = new ResqueProperties.Shard();
		shard.setHost("10.0.0.7");
		shard.setPort(7000);
		shard.setDatabase(3);
		shard.setPassword("pw");
		RedisStandaloneConfiguration server = ShardConnectionFactories.server("b", shard);
		assertThat(server.getHostName()).isEqualTo("10.0.0.7");
		assertThat(server.getPort()).isEqualTo(7000);
		assertThat(server.getDatabase()).isEqualTo(3);
		assertThat(server.getPassword().get()).containsExactly("pw".toCharArray());
	}

	@Test
	void aMasterFoundThroughSentinels() {
		ResqueProperties.Shard shard = new ResqueProperties.Shard();
		shard.getSentinel().setMaster("reports-master");
		shard.getSentinel().setNodes(java.util.List.of("10.0.0.1:26379", "10.0.0.2:26379"));
		shard.getSentinel().setPassword("sentinel-pw");
		shard.setPassword("pw");
		shard.setDatabase(1);
		org.springframework.data.redis.connection.RedisSentinelConfiguration sentinel = ShardConnectionFactories
			.sentinel(shard);
		assertThat(sentinel.getMaster().getName()).isEqualTo("reports-master");
		assertThat(sentinel.getSentinels()).extracting(Object::toString)
			.containsExactlyInAnyOrder("10.0.0.1:26379", "10.0.0.2:26379");
		assertThat(sentinel.getSentinelPassword().get()).containsExactly("sentinel-pw".toCharArray());
		assertThat(sentinel.getPassword().get()).containsExactly("pw".toCharArray());
		assertThat(sentinel.getDatabase()).isEqualTo(1);
	}

	@Test
	void aUrlThatIsNotRedisIsRefusedNamingTheProperty() {
		ResqueProperties.Shard shard = new ResqueProperties.Shard();
		shard.setUrl("http://redis-b/x");
		assertThatThrownBy(() -> ShardConnectionFactories.server("b", shard))
			.isInstanceOf(ResqueConfigurationException.class)
			.hasMessageContaining("resque.shards.b.url cannot be read")
			.hasMessageContaining("redis://[user:password@]host[:port][/database]");
	}

}
