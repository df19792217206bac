package dev.resque.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The shards of {@code resque.shards.*}, and the default one (the application's own Redis, holding every queue no
 * shard lists): which shard a queue lives on, and each shard's template and admin API. Without shards there is
 * only the default one.
 */
public final class ResqueShards implements DisposableBean {

	/** The name of the application's own Redis among the shards. */
	public static final String DEFAULT = "default";

	private final List<ResqueShard> shards;

	private final Map<String, ResqueShard> byQueue = new HashMap<>();

	private final List<RedisConnectionFactory> owned;

	/**
	 * @param shards the default shard first
	 * @param owned the connection factories built for shards, destroyed with this
	 */
	ResqueShards(List<ResqueShard> shards, List<RedisConnectionFactory> owned) {
		this.shards = List.copyOf(shards);
		this.owned = new ArrayList<>(owned);
		for (ResqueShard shard : shards) {
			shard.queues().forEach((queue) -> this.byQueue.put(queue, shard));
		}
	}

	/** Every shard, the default one first. */
	public List<ResqueShard> all() {
		return this.shards;
	}

	/** The shards other than the default one. */
	public List<ResqueShard> others() {
		return this.shards.subList(1, this.shards.size());
	}

	public boolean isSharded() {
		return this.shards.size() > 1;
	}

	public ResqueShard defaultShard() {
		return this.shards.get(0);
	}

	/** The shard a queue lives on: the one that lists it, else the default one. */
	public ResqueShard shardOf(String queue) {
		return this.byQueue.getOrDefault(queue, defaultShard());
	}

	public Optional<ResqueShard> find(String name) {
		return this.shards.stream().filter((shard) -> shard.name().equals(name)).findFirst();
	}

	public List<String> names() {
		return this.shards.stream().map(ResqueShard::name).toList();
	}

	@Override
	public void destroy() {
		for (RedisConnectionFactory factory : this.owned) {
			if (factory instanceof DisposableBean disposable) {
				try {
					disposable.destroy();
				}
				catch (Exception ex) {
					// closing the others matters more than this one's failure to close
				}
			}
		}
		this.owned.clear();
	}

}
