package dev.resque.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;

import dev.resque.core.redis.RedisCalls;

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

	/** How many stranded jobs a move reads, writes and removes at a time. */
	private static final int MOVE_CHUNK = 500;

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
	 * never not at all. A job a worker of the application's Redis took meanwhile may run there as well.
	 * @return how many were moved
	 * @throws IllegalArgumentException when no shard lists the queue
	 */
	public long moveStranded(String queue) {
		ResqueShard target = shardOf(queue);
		if (target.isDefault()) {
			throw new IllegalArgumentException("No shard lists queue " + queue + "; it lives on the application's Redis");
		}
		RedisCalls from = defaultShard().calls();
		RedisCalls to = target.calls();
		byte[] fromKey = utf8(defaultShard().keys().queue(queue));
		byte[] toKey = utf8(target.keys().queue(queue));
		to.call("register queue " + queue, () -> to.redis().opsForSet().add(target.keys().queues(), queue));
		long moved = 0;
		// a chunk at a time, three round trips each, as bytes (a payload that is not UTF-8 moves unchanged); removed
		// by value, one copy per payload moved, so that a job a worker took meanwhile is not removed in its place
		while (true) {
			List<byte[]> chunk = from.call("read stranded jobs of " + queue, () -> from.redis()
				.execute((RedisCallback<List<byte[]>>) (redis) -> redis.listCommands().lRange(fromKey, 0, MOVE_CHUNK - 1)));
			if (chunk == null || chunk.isEmpty()) {
				return moved;
			}
			to.call("move stranded jobs of " + queue + " to shard " + target.name(), () -> to.redis()
				.execute((RedisCallback<Long>) (redis) -> redis.listCommands().rPush(toKey, chunk.toArray(byte[][]::new))));
			List<Object> removed = from.call("remove moved jobs of " + queue, () -> from.redis()
				.executePipelined((RedisCallback<Object>) (redis) -> {
					chunk.forEach((payload) -> redis.listCommands().lRem(fromKey, 1, payload));
					return null;
				}));
			if (removed.stream().noneMatch((count) -> count instanceof Long value && value > 0)) {
				// the chunk was written but nothing of it could be removed: stop rather than write it again
				throw new IllegalStateException("The jobs of queue " + queue + " were copied to shard " + target.name()
						+ " but could not be removed from the application's Redis; " + moved + " moved before");
			}
			moved += chunk.size();
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
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
