package dev.resque.core.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.plugin.RetryKeys;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.RetryingJob;
import dev.resque.core.queue.StoredEntry;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * Retries apart from other delayed jobs: a delayed job is a retry when a retry plugin keeps an attempt counter for
 * it. Run one now, or discard it into the failed queue with its last error, where it can still be retried.
 */
public final class RetryView {

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final RetryKeys retryKeys;

	private final DelayedView delayed;

	RetryView(RedisCalls calls, ResqueKeys keys, JobCodec codec, DelayedView delayed) {
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
		this.retryKeys = new RetryKeys(keys, codec);
		this.delayed = delayed;
	}

	/**
	 * The retries among the first {@code limit} delayed jobs, soonest first: the delayed entries read as
	 * {@link DelayedView#entries(int)} does, then one round trip for their counters.
	 */
	public List<RetryingJob> list(int limit) {
		return among(this.delayed.entries(limit));
	}

	/**
	 * The retries among delayed entries already read ({@link DelayedView#entries(int)}): one round trip for their
	 * counters, for a caller that shows the other delayed jobs too.
	 */
	public List<RetryingJob> among(Map<Instant, List<StoredEntry>> delayedEntries) {
		List<Map.Entry<Instant, StoredEntry>> candidates = new ArrayList<>();
		for (Map.Entry<Instant, List<StoredEntry>> due : delayedEntries.entrySet()) {
			for (StoredEntry entry : due.getValue()) {
				if (entry.job() != null) {
					candidates.add(Map.entry(due.getKey(), entry));
				}
			}
		}
		if (candidates.isEmpty()) {
			return List.of();
		}
		List<String> counterKeys = new ArrayList<>();
		for (Map.Entry<Instant, StoredEntry> candidate : candidates) {
			counterKeys.add(this.retryKeys.attempts(candidate.getValue().job()));
			counterKeys.add(this.retryKeys.lastFailure(candidate.getValue().job()));
		}
		List<String> values = RedisCalls.orEmpty(this.calls.call("read retry counters",
				() -> this.calls.redis().opsForValue().multiGet(counterKeys)));
		List<RetryingJob> retries = new ArrayList<>();
		for (int i = 0; i < candidates.size() && 2 * i + 1 < values.size(); i++) {
			String counter = values.get(2 * i);
			if (counter == null) {
				continue;
			}
			long attempt;
			try {
				attempt = this.retryKeys.attemptOf(Long.parseLong(counter.trim()));
			}
			catch (NumberFormatException ex) {
				continue;
			}
			Map.Entry<Instant, StoredEntry> candidate = candidates.get(i);
			StoredEntry entry = candidate.getValue();
			retries.add(new RetryingJob(entry.job(), candidate.getKey(), attempt, failure(values.get(2 * i + 1)), entry.jobId()));
		}
		return retries;
	}

	/**
	 * Runs a retry now: takes it out of the schedule and puts it on its queue, as {@link DelayedView#enqueueNow}.
	 * Its attempt counter stays, so a later failure counts on from it.
	 * @return whether it was scheduled and is now queued
	 */
	public boolean retryNow(Job job) {
		return !this.delayed.enqueueNow(job.queue(), job.name(), job.args()).isEmpty();
	}

	/**
	 * Gives up retrying a job: takes it out of the schedule and records its last failure in the failed queue
	 * (where it can be retried by hand), then drops its counters.
	 * @return whether it was scheduled (nothing changes when it was not)
	 */
	public boolean discard(Job job) {
		List<Instant> removed = this.delayed.remove(job.queue(), job.name(), job.args());
		if (removed.isEmpty()) {
			return false;
		}
		String attempts = this.retryKeys.attempts(job);
		String lastFailure = this.retryKeys.lastFailure(job);
		String failure = this.calls.call("read last failure", () -> this.calls.redis().opsForValue().get(lastFailure));
		String entry = (failure != null) ? failure
				: this.codec.encodeFailure("", job.queue(), this.codec.encode(job), "RetryDiscarded",
						"Its retries were discarded from the dashboard", List.of(), Instant.now());
		this.calls.call("record discarded retry", () -> this.calls.redis().opsForList().rightPush(this.keys.failed(), entry));
		this.calls.call("drop retry counters", () -> this.calls.redis().delete(List.of(attempts, lastFailure)));
		return true;
	}

	private @Nullable FailedJob failure(@Nullable String json) {
		if (json == null) {
			return null;
		}
		try {
			return this.codec.decodeFailure(json);
		}
		catch (InvalidPayloadException ex) {
			return null;
		}
	}

}
