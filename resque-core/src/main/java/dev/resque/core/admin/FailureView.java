package dev.resque.core.admin;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Refusal;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/** The failed queue: reading entries, retrying them (one, or all a page at a time), removing and clearing. */
public final class FailureView {

	/** How many failed entries {@link #retryAll()} reads at a time. */
	private static final int RETRY_PAGE = 500;

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final EnqueuePipeline pipeline;

	FailureView(RedisCalls calls, ResqueKeys keys, EnqueuePipeline pipeline) {
		this.calls = calls;
		this.keys = keys;
		this.codec = pipeline.codec();
		this.pipeline = pipeline;
	}

	/** How many entries the failed queue holds. */
	public long count() {
		return RedisCalls.orZero(this.calls.call("read failed queue",
				() -> this.calls.redis().opsForList().size(this.keys.failed())));
	}

	/** The failed job at an index of the failed queue, if there is one. */
	public Optional<FailedJob> at(long index) {
		if (index < 0) {
			return Optional.empty();
		}
		List<FailedJob> entry = range(index, index);
		return entry.isEmpty() ? Optional.empty() : Optional.of(entry.get(0));
	}

	/**
	 * Failed jobs from {@code start} to {@code stop} inclusive ({@code -1} = the last). An entry that cannot be
	 * read is shown with the reason as its error and its stored text, so that it can still be removed.
	 */
	public List<FailedJob> range(long start, long stop) {
		List<String> entries = this.calls.call("read failed queue",
				() -> this.calls.redis().opsForList().range(this.keys.failed(), start, stop));
		return RedisCalls.orEmpty(entries).stream().map(this::read).toList();
	}

	/** Removes one failed entry, matched by its stored bytes. */
	public long remove(FailedJob failed) {
		return RedisCalls.orZero(this.calls.call("remove failed job",
				() -> this.calls.redis().opsForList().remove(this.keys.failed(), 1, failed.json())));
	}

	/**
	 * Takes a failed entry out of the failed queue and puts its job back on its queue, in one atomic step, through
	 * the enqueue plugins; when one stops the job, the entry stays in the failed queue.
	 * @return {@code false} when the entry is no longer in the failed queue or a plugin stopped the job
	 * @throws IllegalArgumentException when the entry holds no job
	 */
	public boolean retry(FailedJob failed) {
		Job job = failed.payload();
		if (job == null) {
			throw new IllegalArgumentException("Failed entry has no job to retry: " + failed.json());
		}
		String queue = failed.queue().isEmpty() ? job.queue() : failed.queue();
		Job retry = new Job(job.name(), queue, job.args());
		// a tracked job keeps its id, and with it its status and attempts
		JobTracking tracking = this.pipeline.tracking();
		String id = tracking.enabled() ? failed.jobId() : null;
		return this.pipeline.enqueue(new Entry(retry, null, null, id), (entries, payloads) -> {
			Long moved = this.calls.call("retry failed job", () -> this.calls.redis().execute(ResqueScripts.RETRY_FAILED,
					List.of(this.keys.failed(), this.keys.queues(), this.keys.queue(queue), this.keys.history()),
					failed.json(), queue, withBatch(payloads.get(0), id, failed.batchId()), this.keys.wakeUpChannel(),
					tracking.enabled() ? this.keys.jobPrefix() : "", Long.toString(tracking.pendingRetention().toMillis())));
			return new boolean[] { moved != null && moved > 0 };
		}, Refusal.NONE);
	}

	/** A retried batch member stays in its batch: its finish counts there again. */
	private static String withBatch(String payload, @Nullable String id, @Nullable String batchId) {
		return (id != null && batchId != null) ? JobIds.withBatch(payload, batchId) : payload;
	}

	/**
	 * Puts every failed job that names one back on its queue and removes its entry, a page at a time (so that a
	 * long failed queue is not read whole), and returns how many went back. Entries that cannot be retried (no
	 * job in them, or refused by an enqueue plugin) stay; it stops when a page retries none.
	 */
	public long retryAll() {
		long retried = 0;
		List<FailedJob> page;
		do {
			page = range(0, RETRY_PAGE - 1);
			long before = retried;
			for (FailedJob failed : page) {
				if (failed.payload() != null && retry(failed)) {
					retried++;
				}
			}
			if (retried == before) {
				break;
			}
		}
		while (!page.isEmpty());
		return retried;
	}

	/** Empties the failed queue and returns how many entries it held. */
	public long clear() {
		long count = count();
		this.calls.call("clear failed queue", () -> this.calls.redis().delete(this.keys.failed()));
		return count;
	}

	/**
	 * A failed entry from its stored bytes, as {@link #range} reads it: for acting on exactly the entry a user saw
	 * ({@link #retry}, {@link #remove}), wherever it has moved in the list since.
	 */
	public FailedJob entry(String json) {
		return read(json);
	}

	private FailedJob read(String entry) {
		try {
			return this.codec.decodeFailure(entry);
		}
		catch (InvalidPayloadException ex) {
			return new FailedJob("", "", null, "", "Unreadable failed entry: " + ex.getMessage(), List.of(), null,
					entry, null, null);
		}
	}

}
