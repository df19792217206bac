package dev.resque.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

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

	/**
	 * For each queue a shard lists, how many of its jobs the application's own Redis still holds: jobs from before
	 * the queue moved to its shard, or enqueued there by another language. No worker takes them there when no pool
	 * of the default shard takes every queue; {@link #moveStranded} sends them to their shard.
	 */
	public Map<String, Long> stranded() {
		Map<String, Long> lengths = defaultShard().admin().queues().lengths();
		Map<String, Long> stranded = new LinkedHashMap<>();
		for (ResqueShard shard : others()) {
			for (String queue : shard.queues()) {
				long length = lengths.getOrDefault(queue, 0L);
				if (length > 0) {
					stranded.put(queue, length);
				}
			}
		}
		return stranded;
	}

	/**
	 * Moves the jobs of a shard's queue that the application's own Redis holds to the shard, oldest first, each
	 * written on the shard before it is removed here: a failure in between leaves it in both, so it may run twice,
	 * never not at all.
	 * @return how many were moved
	 * @throws IllegalArgumentException when no shard lists the queue
	 */
	public long moveStranded(String queue) {
		ResqueShard target = shardOf(queue);
		if (target.isDefault()) {
			throw new IllegalArgumentException("No shard lists queue " + queue + "; it lives on the application's Redis");
		}
		StringRedisTemplate from = defaultShard().calls().redis();
		StringRedisTemplate to = target.calls().redis();
		String fromKey = defaultShard().keys().queue(queue);
		String toKey = target.keys().queue(queue);
		to.opsForSet().add(target.keys().queues(), queue);
		long moved = 0;
		for (String payload = from.opsForList().index(fromKey, 0); payload != null;
				payload = from.opsForList().index(fromKey, 0)) {
			to.opsForList().rightPush(toKey, payload);
			from.opsForList().remove(fromKey, 1, payload);
			moved++;
		}
		return moved;
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
