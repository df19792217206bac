package dev.resque.core.batch;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.JobIds;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Refusal;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * Sends a batch to Redis: its members through the enqueue pipeline (plugins, trace, listener), added and enqueued
 * {@value #CHUNK} at a time by {@code batch-add.lua}, each chunk counted pending in the step that queues it; then
 * {@code batch-seal.lua} records the callbacks and seals it. The callbacks fire from the finish script of the
 * member that ends last, on whichever instance, exactly once. A batch whose sending failed half-way is never
 * sealed: its members run, its callbacks do not.
 */
public final class BatchPush {

	/** How many members one script call adds. */
	public static final int CHUNK = 1_000;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final EnqueuePipeline pipeline;

	public BatchPush(RedisCalls calls, ResqueKeys keys, EnqueuePipeline pipeline) {
		this.calls = calls;
		this.keys = keys;
		this.pipeline = pipeline;
	}

	/**
	 * @throws IllegalStateException when jobs are not tracked: a batch counts its members by their ids
	 */
	public BatchResult submit(BatchDefinition batch) {
		JobTracking tracking = this.pipeline.tracking();
		if (!tracking.enabled()) {
			throw new IllegalStateException("Batches need job tracking (resque.tracking.enabled=true): a batch "
					+ "counts its members by their ids");
		}
		String batchId = JobIds.next();
		List<EnqueueResult> results = this.pipeline.results(batch.members().stream().map(this.pipeline::entry).toList(),
				(admitted, payloads) -> add(batchId, batch.description(), admitted, payloads, tracking), Refusal.NONE);
		String onCompleteId = (batch.onComplete() != null) ? JobIds.next() : null;
		String onSuccessId = (batch.onSuccess() != null) ? JobIds.next() : null;
		List<String> args = new ArrayList<>(List.of(this.keys.jobPrefix(), this.keys.queues(), this.keys.queuePrefix(),
				this.keys.wakeUpChannel(), Long.toString(tracking.pendingRetention().toMillis()),
				Long.toString(tracking.historyRetention().toMillis())));
		callback(args, batch.onComplete(), onCompleteId);
		callback(args, batch.onSuccess(), onSuccessId);
		this.calls.write("seal batch " + batchId,
				(redis) -> redis.execute(ResqueScripts.BATCH_SEAL, List.of(this.keys.batch(batchId)), args.toArray()));
		return new BatchResult(batchId, results, onCompleteId, onSuccessId);
	}

	private boolean[] add(String batchId, String description, List<Entry> admitted, List<String> payloads,
			JobTracking tracking) {
		for (int from = 0; from < admitted.size(); from += CHUNK) {
			int to = Math.min(admitted.size(), from + CHUNK);
			List<String> scriptKeys = new ArrayList<>(2 + to - from);
			scriptKeys.add(this.keys.batch(batchId));
			scriptKeys.add(this.keys.queues());
			List<String> args = new ArrayList<>(5 + 4 * (to - from));
			args.addAll(List.of(this.keys.jobPrefix(), batchId, this.keys.wakeUpChannel(),
					Long.toString(tracking.pendingRetention().toMillis()), description));
			for (int i = from; i < to; i++) {
				Job job = admitted.get(i).job();
				scriptKeys.add(this.keys.queue(job.queue()));
				args.addAll(List.of(job.queue(), JobIds.withBatch(payloads.get(i), batchId), job.name(), admitted.get(i).id()));
			}
			this.calls.write("add to batch " + batchId,
					(redis) -> redis.execute(ResqueScripts.BATCH_ADD, scriptKeys, args.toArray()));
		}
		boolean[] landed = new boolean[admitted.size()];
		java.util.Arrays.fill(landed, true);
		return landed;
	}

	private void callback(List<String> args, @Nullable Job job, @Nullable String id) {
		if (job == null || id == null) {
			args.addAll(List.of("", "", "", ""));
			return;
		}
		args.addAll(List.of(this.pipeline.codec().encodeQueued(job, null, id), job.queue(), job.name(), id));
	}

}
