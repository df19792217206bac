package dev.resque.core.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Refusal;
import dev.resque.core.enqueue.JobFactory;
import dev.resque.core.job.Job;
import dev.resque.core.queue.StoredEntry;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/** The delayed jobs: when they are due, how many wait, and taking one out of the schedule or enqueueing it now. */
public final class DelayedView {

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final EnqueuePipeline pipeline;

	private final DelayedSchedule schedule;

	private final JobFactory jobs;

	DelayedView(RedisCalls calls, ResqueKeys keys, EnqueuePipeline pipeline) {
		this.calls = calls;
		this.keys = keys;
		this.codec = pipeline.codec();
		this.pipeline = pipeline;
		this.schedule = new DelayedSchedule(calls, keys, this.codec, pipeline::tracking);
		this.jobs = new JobFactory(this.codec);
	}

	/** How many delayed jobs wait, over every timestamp, without reading them: two round trips. */
	public long count() {
		List<String> lists = seconds().stream().map(this.keys::delayed).toList();
		return this.calls.listLengths("count delayed jobs", lists).stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * The times at which jobs are scheduled, in time order: two round trips. A time the schedule still names
	 * but whose list is empty (a peer between two steps) is left out.
	 */
	public List<Instant> timestamps() {
		List<Long> seconds = seconds();
		List<Long> lengths = this.calls.listLengths("read delayed jobs", seconds.stream().map(this.keys::delayed).toList());
		List<Instant> times = new ArrayList<>(seconds.size());
		for (int i = 0; i < seconds.size(); i++) {
			if (lengths.get(i) > 0) {
				times.add(Instant.ofEpochSecond(seconds.get(i)));
			}
		}
		return times;
	}

	/** The jobs scheduled at a time (rounded up to its second, as {@code enqueueAt} does). */
	public List<Job> at(Instant at) {
		long second = DelayedSchedule.second(at);
		List<String> payloads = this.calls.call("read delayed jobs",
				() -> this.calls.redis().opsForList().range(this.keys.delayed(second), 0, -1));
		return StoredJobs.decode(this.codec, RedisCalls.orEmpty(payloads), null);
	}

	/**
	 * The entries scheduled at a time (rounded up to its second), each as stored, as read, and with the id kept
	 * beside it for a tracked job: two round trips.
	 */
	public List<StoredEntry> entriesAt(Instant at) {
		long second = DelayedSchedule.second(at);
		List<String> payloads = RedisCalls.orEmpty(this.calls.call("read delayed jobs",
				() -> this.calls.redis().opsForList().range(this.keys.delayed(second), 0, -1)));
		if (payloads.isEmpty()) {
			return List.of();
		}
		List<String> ids = RedisCalls.orEmpty(this.calls.call("read delayed job ids", () -> this.calls.redis()
			.opsForValue()
			.multiGet(payloads.stream().map((payload) -> this.keys.delayedId(second, JobIds.digest(payload))).toList())));
		List<StoredEntry> entries = new ArrayList<>(payloads.size());
		for (int i = 0; i < payloads.size(); i++) {
			String raw = payloads.get(i);
			entries.add(new StoredEntry(raw, StoredJobs.decodeQuietly(this.codec, raw, null),
					(i < ids.size()) ? ids.get(i) : null));
		}
		return entries;
	}

	/**
	 * The first {@code limit} delayed entries in time order, each as stored, as read, and with the id kept beside it
	 * for a tracked job: three round trips, however many timestamps.
	 */
	public SortedMap<Instant, List<StoredEntry>> entries(int limit) {
		List<Long> seconds = seconds();
		if (seconds.isEmpty() || limit <= 0) {
			return Collections.emptySortedMap();
		}
		List<Object> lists = this.calls.pipeline("read delayed jobs",
				(ops) -> seconds.forEach((second) -> ops.opsForList().range(this.keys.delayed(second), 0, limit - 1)));
		List<Long> kept = new ArrayList<>();
		List<String> payloads = new ArrayList<>();
		for (int i = 0; i < seconds.size() && payloads.size() < limit; i++) {
			for (String payload : RedisCalls.strings(lists.get(i))) {
				if (payloads.size() < limit) {
					kept.add(seconds.get(i));
					payloads.add(payload);
				}
			}
		}
		List<String> idKeys = new ArrayList<>(payloads.size());
		for (int i = 0; i < payloads.size(); i++) {
			idKeys.add(this.keys.delayedId(kept.get(i), JobIds.digest(payloads.get(i))));
		}
		List<String> ids = idKeys.isEmpty() ? List.of()
				: RedisCalls.orEmpty(this.calls.call("read delayed job ids", () -> this.calls.redis().opsForValue().multiGet(idKeys)));
		SortedMap<Instant, List<StoredEntry>> entries = new TreeMap<>();
		for (int i = 0; i < payloads.size(); i++) {
			String raw = payloads.get(i);
			entries.computeIfAbsent(Instant.ofEpochSecond(kept.get(i)), (at) -> new ArrayList<>())
				.add(new StoredEntry(raw, StoredJobs.decodeQuietly(this.codec, raw, null), (i < ids.size()) ? ids.get(i) : null));
		}
		return Collections.unmodifiableSortedMap(entries);
	}

	/** Every delayed job by the time it is due, in time order. */
	public SortedMap<Instant, List<Job>> all() {
		List<Long> seconds = seconds();
		if (seconds.isEmpty()) {
			return Collections.emptySortedMap();
		}
		List<Object> lists = this.calls.pipeline("read delayed jobs",
				(ops) -> seconds.forEach((second) -> ops.opsForList().range(this.keys.delayed(second), 0, -1)));
		SortedMap<Instant, List<Job>> delayed = new TreeMap<>();
		for (int i = 0; i < seconds.size(); i++) {
			List<Job> jobs = StoredJobs.decode(this.codec, RedisCalls.strings(lists.get(i)), null);
			if (!jobs.isEmpty()) {
				delayed.put(Instant.ofEpochSecond(seconds.get(i)), jobs);
			}
		}
		return Collections.unmodifiableSortedMap(delayed);
	}

	/** The times a job is scheduled at, sorted, matching node-resque's and resque-scheduler's encodings. */
	public List<Instant> scheduledAt(String queue, String jobName, List<?> args) {
		return this.schedule.scheduledAt(this.jobs.raw(queue, jobName, args));
	}

	/**
	 * Removes a delayed job from every time it is scheduled at, matching node-resque's and resque-scheduler's
	 * encodings.
	 * @return the times it was removed from, sorted
	 */
	public List<Instant> remove(String queue, String jobName, List<?> args) {
		return this.schedule.remove(this.jobs.raw(queue, jobName, args));
	}

	/**
	 * Takes a delayed job out of the schedule and puts it on its queue in one step, through the enqueue plugins
	 * (which see it as moved from its first scheduled time); when one stops it, it stays scheduled.
	 * @return the times it was removed from, sorted; empty when it was not scheduled or a plugin stopped it
	 */
	public List<Instant> enqueueNow(String queue, String jobName, List<?> args) {
		Job job = this.jobs.raw(queue, jobName, args);
		List<Instant> scheduled = this.schedule.scheduledAt(job);
		if (scheduled.isEmpty()) {
			return List.of();
		}
		List<Instant> removed = new ArrayList<>();
		this.pipeline.enqueue(new Entry(job, scheduled.get(0), null), (entries, payloads) -> {
			removed.addAll(this.schedule.moveToQueue(job, payloads.get(0), scheduled));
			return new boolean[] { !removed.isEmpty() };
		}, Refusal.NONE);
		return List.copyOf(removed);
	}

	private List<Long> seconds() {
		Set<String> members = this.calls.call("read schedule",
				() -> this.calls.redis().opsForZSet().range(this.keys.delayedSchedule(), 0, -1));
		// a member that is not a timestamp is the scheduler's to quarantine; here it is not shown
		return RedisCalls.orEmpty(members).stream()
			.map(ResqueKeys::secondOfDelayedMember)
			.filter(Objects::nonNull)
			.map(Long.class::cast)
			.sorted()
			.toList();
	}

}
