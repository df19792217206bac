package dev.resque.interop;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.ShardedResqueTemplate;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shard is a complete namespace: node-resque pointed at it works the jobs our sharded template sent there, and
 * sees none of the others. The shard here is a namespace of its own on the same server, as
 * {@code resque.shards.<name>.namespace} without a url makes it.
 */
class ShardInteropTests extends InteropTestSupport {

	private String shardNamespace;

	@AfterEach
	void deleteShard() {
		if (this.shardNamespace != null) {
			RedisConnections.deleteNamespace(redis, this.shardNamespace);
		}
	}

	@Test
	void nodeResqueWorksTheQueuesOfAShardAsItWorksAnyNamespace() {
		this.shardNamespace = this.ns + "-shard";
		EnqueuePipeline pipeline = EnqueuePipeline.plain(this.codec);
		ResqueTemplate shard = new ResqueTemplate(new RedisCalls(factory), new ResqueKeys(this.shardNamespace),
				pipeline);
		ShardedResqueTemplate resque = new ShardedResqueTemplate(new RedisCalls(factory), this.keys, pipeline,
				Map.of("math", shard));
		resque.enqueue("math", "add", List.of(1, 2));
		resque.enqueueAll(List.of(resque.job("math", "add", List.of(40, 2)), resque.job("other", "add", List.of(5, 5))));

		NodeResque nodeOnShard = new NodeResque(redisServer.host(), redisServer.port(), redisServer.database(),
				this.shardNamespace);
		assertThat(nodeOnShard.queue("length", "math").asInt()).isEqualTo(2);
		assertThat(nodeOnShard.queue("length", "other").asInt()).isZero();
		assertThat(this.node.queue("length", "math").asInt()).isZero();
		assertThat(this.node.queue("length", "other").asInt()).isEqualTo(1);

		JsonNode outcomes = nodeOnShard.work(List.of("math"), 2, "nodehost:7").await(Duration.ofSeconds(30));
		assertThat(outcomes).extracting((outcome) -> outcome.get("outcome").asString()).containsOnly("success");
		assertThat(outcomes).extracting((outcome) -> outcome.get("result").asInt()).containsExactly(3, 42);
		assertThat(nodeOnShard.queue("stats").get("processed").asString()).isEqualTo("2");
		assertThat(this.node.queue("length", "other").asInt()).isEqualTo(1);
	}

}
