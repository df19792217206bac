package dev.resque.core.enqueue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Sender;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/** The senders that put new jobs on their queues: one job by script, or many in a pipeline. */
public final class QueuePush {

	/** How many payloads go in one RPUSH of a batch. */
	private static final int PUSH_CHUNK = 5_000;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	public QueuePush(RedisCalls calls, ResqueKeys keys) {
		this.calls = calls;
		this.keys = keys;
	}

	/** One job: {@code enqueue.lua} registers the queue, pushes the job and wakes idle workers in one step. */
	public Sender one() {
		return (entries, payloads) -> {
			String queue = entries.get(0).job().queue();
			this.calls.call("enqueue " + entries.get(0).job().name(), () -> this.calls.redis().execute(ResqueScripts.ENQUEUE,
					List.of(this.keys.queues(), this.keys.queue(queue)), queue, payloads.get(0), this.keys.wakeUpChannel()));
			return new boolean[] { true };
		};
	}

	/** Many jobs: one pipeline (an RPUSH per queue per few thousand jobs), then one PUBLISH per queue. */
	public Sender many() {
		return this::pushAll;
	}

	private boolean[] pushAll(List<Entry> entries, List<String> payloads) {
		Map<String, List<String>> byQueue = new LinkedHashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			byQueue.computeIfAbsent(entries.get(i).job().queue(), (queue) -> new ArrayList<>()).add(payloads.get(i));
		}
		this.calls.pipeline("enqueue " + entries.size() + " jobs", (ops) -> {
			for (Map.Entry<String, List<String>> entry : byQueue.entrySet()) {
				List<String> queued = entry.getValue();
				ops.opsForSet().add(this.keys.queues(), entry.getKey());
				for (int from = 0; from < queued.size(); from += PUSH_CHUNK) {
					ops.opsForList().rightPushAll(this.keys.queue(entry.getKey()),
							queued.subList(from, Math.min(queued.size(), from + PUSH_CHUNK)));
				}
			}
		});
		// after the pipeline, not in it: Jedis cannot publish inside a pipeline
		this.calls.call("wake workers for " + byQueue.size() + " queue(s)", () -> {
			byQueue.keySet().forEach((queue) -> this.calls.redis().convertAndSend(this.keys.wakeUpChannel(), queue));
			return null;
		});
		boolean[] landed = new boolean[entries.size()];
		Arrays.fill(landed, true);
		return landed;
	}

}
