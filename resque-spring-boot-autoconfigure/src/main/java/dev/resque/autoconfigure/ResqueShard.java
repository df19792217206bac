package dev.resque.autoconfigure;

import java.util.List;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * One shard: a Resque namespace on a Redis, with the parts that write and read it.
 *
 * @param name the shard's name ({@value ResqueShards#DEFAULT} for the application's own Redis)
 * @param queues the queues that live here; empty for the default shard, which holds every queue no shard lists
 * @param keys the shard's namespace
 * @param factory the shard's connection factory
 * @param calls the client of the template, the admin API and the plugins
 * @param plugins the jobs' plugins, keeping their locks and retries in this namespace
 * @param pipeline how jobs reach this shard's queues
 * @param template enqueues on this shard alone
 * @param admin reads and manages this shard
 */
public record ResqueShard(String name, List<String> queues, ResqueKeys keys, RedisConnectionFactory factory,
		RedisCalls calls, JobPlugins plugins, EnqueuePipeline pipeline, ResqueTemplate template, ResqueAdmin admin) {

	public boolean isDefault() {
		return ResqueShards.DEFAULT.equals(this.name);
	}

}
