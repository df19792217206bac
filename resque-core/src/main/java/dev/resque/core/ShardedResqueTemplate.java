package dev.resque.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.batch.BatchDefinition;
import dev.resque.core.batch.BatchResult;
import dev.resque.core.contract.JobContracts;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * A template over several Redis masters (shards), each holding some of the queues as a complete Resque namespace:
 * a job goes to the shard its queue lives on, a queue no shard lists to this template's own Redis. Each shard is
 * read by node-resque and Ruby Resque as any namespace is, and its delayed jobs are moved by its own scheduler.
 * <p>
 * {@code enqueueAll} sends each shard's jobs in one go after every job passed its checks, and returns the results
 * in the jobs' order. It is not atomic across shards: when one cannot be reached, those before it already hold
 * their part and the connection error is raised, naming the server. A batch must have its members and callbacks
 * on one shard, whose counters track it.
 */
public class ShardedResqueTemplate extends ResqueTemplate {

	private final Map<String, ResqueTemplate> shardsByQueue;

	/**
	 * Held here rather than by the templates it sends through (this one's own included), so that each job is
	 * checked once, before any of them sends it.
	 */
	private volatile @Nullable JobContracts contracts;

	/**
	 * @param shardsByQueue the template of each queue that lives elsewhere than on {@code calls}
	 */
	public ShardedResqueTemplate(RedisCalls calls, ResqueKeys keys, EnqueuePipeline pipeline,
			Map<String, ResqueTemplate> shardsByQueue) {
		super(calls, keys, pipeline);
		this.shardsByQueue = Map.copyOf(shardsByQueue);
	}

	/** The shard a queue's jobs are sent to; {@code null} for this template's own Redis. */
	private @Nullable ResqueTemplate shardOf(String queue) {
		return this.shardsByQueue.get(queue);
	}

	@Override
	public void setContracts(@Nullable JobContracts contracts) {
		this.contracts = contracts;
	}

	private Job check(Job job) {
		JobContracts checking = this.contracts;
		if (checking != null) {
			checking.check(job);
		}
		return job;
	}

	@Override
	public EnqueueResult enqueue(Job job) {
		check(job);
		ResqueTemplate shard = shardOf(job.queue());
		return (shard != null) ? shard.enqueue(job) : super.enqueue(job);
	}

	@Override
	public EnqueueResult enqueueAt(Instant at, Job job) {
		check(job);
		ResqueTemplate shard = shardOf(job.queue());
		return (shard != null) ? shard.enqueueAt(at, job) : super.enqueueAt(at, job);
	}

	@Override
	public List<EnqueueResult> enqueueAll(Collection<Job> jobs) {
		// every job checked before any shard is sent its part: one refused job enqueues nothing anywhere
		jobs.forEach(this::check);
		Map<@Nullable ResqueTemplate, List<Integer>> places = new LinkedHashMap<>();
		List<Job> all = List.copyOf(jobs);
		for (int i = 0; i < all.size(); i++) {
			places.computeIfAbsent(shardOf(all.get(i).queue()), (shard) -> new ArrayList<>()).add(i);
		}
		EnqueueResult[] results = new EnqueueResult[all.size()];
		places.forEach((shard, indexes) -> {
			List<Job> part = indexes.stream().map(all::get).toList();
			List<EnqueueResult> sent = (shard != null) ? shard.enqueueAll(part) : super.enqueueAll(part);
			for (int i = 0; i < indexes.size(); i++) {
				results[indexes.get(i)] = sent.get(i);
			}
		});
		return List.of(results);
	}

	@Override
	protected BatchResult submit(BatchDefinition batch) {
		batch.members().forEach(this::check);
		List<Job> jobs = new ArrayList<>(batch.members());
		if (batch.onComplete() != null) {
			jobs.add(batch.onComplete());
		}
		if (batch.onSuccess() != null) {
			jobs.add(batch.onSuccess());
		}
		Map<@Nullable ResqueTemplate, Boolean> shards = new IdentityHashMap<>();
		jobs.forEach((job) -> shards.put(shardOf(job.queue()), true));
		if (shards.isEmpty()) {
			return super.submit(batch);
		}
		if (shards.size() > 1) {
			throw new IllegalArgumentException("Batch \"" + batch.description() + "\" has jobs on queues of different "
					+ "shards " + jobs.stream().map(Job::queue).distinct().sorted().toList()
					+ "; a batch is counted in one namespace, so its members and callbacks must live on one shard");
		}
		ResqueTemplate shard = shards.keySet().iterator().next();
		return (shard != null) ? shard.submit(batch) : super.submit(batch);
	}

}
