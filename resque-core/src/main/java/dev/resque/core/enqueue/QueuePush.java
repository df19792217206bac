package dev.resque.core.enqueue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.data.redis.core.RedisOperations;

import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Sender;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/** The senders that put new jobs on their queues: one job by script, or many in a pipeline. */
public final class QueuePush {

	/** How many payloads go in one RPUSH of a batch. */
	private static final int PUSH_CHUNK = 5_000;

	/** How many tracked jobs one script queues: Redis is held for about a millisecond. */
	private static final int TRACKED_CHUNK = 1_000;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final Supplier<JobTracking> tracking;

	public QueuePush(RedisCalls calls, ResqueKeys keys) {
		this(calls, keys, JobTracking::defaults);
	}

	/** @param tracking how long a tracked job's status lasts, read at each call */
	public QueuePush(RedisCalls calls, ResqueKeys keys, Supplier<JobTracking> tracking) {
		this.calls = calls;
		this.keys = keys;
		this.tracking = tracking;
	}

	/**
	 * One job: {@code enqueue.lua} registers the queue, pushes the job, writes a tracked job's status and wakes
	 * idle workers in one step.
	 */
	public Sender one() {
		return (entries, payloads) -> {
			Entry entry = entries.get(0);
			String queue = entry.job().queue();
			List<String> scriptKeys = (entry.id() != null)
					? List.of(this.keys.queues(), this.keys.queue(queue), this.keys.job(entry.id()))
					: List.of(this.keys.queues(), this.keys.queue(queue));
			Object[] args = (entry.id() != null)
					? new Object[] { queue, payloads.get(0), this.keys.wakeUpChannel(), entry.job().name(),
							Long.toString(this.tracking.get().pendingRetention().toMillis()) }
					: new Object[] { queue, payloads.get(0), this.keys.wakeUpChannel() };
			// on the connection itself (the session's, when the write waits for replicas): no template in between
			this.calls.write("enqueue " + entry.job().name(), (redis) -> ResqueScripts
				.executeRaw(this.calls.redis().getRequiredConnectionFactory(), ResqueScripts.ENQUEUE, scriptKeys, args));
			return new boolean[] { true };
		};
	}

	/**
	 * Many jobs: tracked, a script per queue per thousand jobs that queues them with their statuses; untracked, one
	 * pipeline (an RPUSH per queue per few thousand jobs), then one PUBLISH per queue.
	 */
	public Sender many() {
		return this::pushAll;
	}

	private boolean[] pushAll(List<Entry> entries, List<String> payloads) {
		Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			byQueue.computeIfAbsent(entries.get(i).job().queue(), (queue) -> new ArrayList<>()).add(i);
		}
		boolean tracked = entries.stream().allMatch((entry) -> entry.id() != null);
		if (tracked) {
			pushTracked(entries, payloads, byQueue);
		}
		else {
			pushPlain(payloads, byQueue);
		}
		boolean[] landed = new boolean[entries.size()];
		Arrays.fill(landed, true);
		return landed;
	}

	/** Untracked jobs: one pipeline (an RPUSH per queue per few thousand jobs), then one PUBLISH per queue. */
	private void pushPlain(List<String> payloads, Map<String, List<Integer>> byQueue) {
		this.calls.pipelineWrite("enqueue " + payloads.size() + " jobs", (ops) -> {
			for (Map.Entry<String, List<Integer>> queue : byQueue.entrySet()) {
				List<String> queued = queue.getValue().stream().map(payloads::get).toList();
				ops.opsForSet().add(this.keys.queues(), queue.getKey());
				for (int from = 0; from < queued.size(); from += PUSH_CHUNK) {
					ops.opsForList().rightPushAll(this.keys.queue(queue.getKey()),
							queued.subList(from, Math.min(queued.size(), from + PUSH_CHUNK)));
				}
			}
		});
		// after the pipeline, not in it: Jedis cannot publish inside a pipeline
		this.calls.call("wake workers for " + byQueue.size() + " queue(s)", () -> {
			byQueue.keySet().forEach((queue) -> this.calls.redis().convertAndSend(this.keys.wakeUpChannel(), queue));
			return null;
		});
	}

	/**
	 * Tracked jobs: {@code enqueue-many.lua} per queue per {@value #TRACKED_CHUNK} jobs, each queueing its jobs with
	 * their statuses in one step.
	 */
	private void pushTracked(List<Entry> entries, List<String> payloads, Map<String, List<Integer>> byQueue) {
		String pending = Long.toString(this.tracking.get().pendingRetention().toMillis());
		String now = Long.toString(System.currentTimeMillis());
		this.calls.write("enqueue " + entries.size() + " jobs", (redis) -> {
			pushTracked(entries, payloads, byQueue, pending, now, redis);
			return null;
		});
	}

	private void pushTracked(List<Entry> entries, List<String> payloads, Map<String, List<Integer>> byQueue,
			String pending, String now, RedisOperations<String, String> redis) {
		for (Map.Entry<String, List<Integer>> queue : byQueue.entrySet()) {
			List<Integer> indexes = queue.getValue();
			for (int from = 0; from < indexes.size(); from += TRACKED_CHUNK) {
				List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + TRACKED_CHUNK));
				List<Object> args = new ArrayList<>(5 + 3 * chunk.size());
				args.addAll(List.of(queue.getKey(), this.keys.wakeUpChannel(), this.keys.jobPrefix(), pending, now));
				for (int i : chunk) {
					Entry entry = entries.get(i);
					args.add(payloads.get(i));
					args.add(entry.id());
					args.add(entry.job().name());
				}
				redis.execute(ResqueScripts.ENQUEUE_MANY, List.of(this.keys.queues(), this.keys.queue(queue.getKey())),
						args.toArray());
			}
		}
	}

}
