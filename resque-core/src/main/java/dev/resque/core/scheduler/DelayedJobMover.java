package dev.resque.core.scheduler;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.codec.Utf8;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.enqueue.EnqueuePipeline.Refusal;
import dev.resque.core.event.DelayedJobsMovedEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * The leader's delayed-jobs duty: moves due jobs from {@code delayed:<ts>} lists to their queues, in batches, each
 * job in one atomic step. An entry that cannot be moved (not UTF-8, not a job, a plugin that throws) goes to the
 * failed queue with the reason, and so does a schedule member that is not a timestamp: one bad entry never stops
 * the jobs behind it.
 */
final class DelayedJobMover {

	private static final Logger log = LoggerFactory.getLogger(DelayedJobMover.class);

	private final StringRedisTemplate redis;

	private final ScheduledEntries entries;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final SchedulerSettings settings;

	private final EnqueuePipeline pipeline;

	private final ResqueSchedulerListener listener;

	private final Clock clock;

	private final String schedulerName;

	private volatile JobTracking tracking = JobTracking.defaults();

	DelayedJobMover(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec, SchedulerSettings settings,
			EnqueuePipeline pipeline, ResqueSchedulerListener listener, Clock clock, String schedulerName) {
		this.redis = redis;
		this.entries = new ScheduledEntries(redis);
		this.keys = keys;
		this.codec = codec;
		this.settings = settings;
		this.pipeline = pipeline;
		this.listener = listener;
		this.clock = clock;
		this.schedulerName = schedulerName;
	}

	/** Moves due delayed jobs; returns whether due jobs are left because the deadline came first. */
	boolean moveDueJobs(BooleanSupplier stillLeader, long deadlineNanos) {
		return moveDueJobs(stillLeader, deadlineNanos, new long[1]);
	}

	/**
	 * Moves due delayed jobs, adding how many to {@code moved[0]}; returns whether due jobs are left because the
	 * deadline came first (the other duties get their turn, then the scheduler goes on at once).
	 * @param stillLeader asked between batches (it renews the lock when due): a long backlog stops as soon as
	 * this scheduler is no longer the leader
	 */
	boolean moveDueJobs(BooleanSupplier stillLeader, long deadlineNanos, long[] moved) {
		byte[] schedule = ScheduledEntries.raw(this.keys.delayedSchedule());
		// members already dealt with in this call: one that cannot move (its queue is not a list) stays due, and
		// must not make the duty go round without end
		Set<String> tried = new HashSet<>();
		while (true) {
			long now = this.clock.instant().getEpochSecond();
			Set<byte[]> due = this.redis.execute((RedisCallback<Set<byte[]>>) (connection) -> connection.zSetCommands()
				.zRangeByScore(schedule, Double.NEGATIVE_INFINITY, now, 0, 100));
			if (due == null || due.isEmpty()) {
				return false;
			}
			boolean progress = false;
			Map<Long, List<byte[]>> firstBatches = firstBatches(due, tried);
			for (byte[] member : due) {
				if (!tried.add(HexFormat.of().formatHex(member))) {
					continue;
				}
				progress = true;
				Long second = timestamp(member);
				if (second == null) {
					dropScheduleMember(member);
				}
				else {
					moved[0] += moveTimestamp(second, firstBatches.get(second), stillLeader, deadlineNanos);
				}
				if (!stillLeader.getAsBoolean()) {
					return false;
				}
				if (System.nanoTime() - deadlineNanos > 0) {
					return true;
				}
			}
			if (!progress) {
				return false;
			}
		}
	}

	/**
	 * The first batch of every due timestamp not yet tried, read in one round trip rather than one each: a backlog
	 * of many timestamps with a few jobs each (the usual shape) then costs about one script per timestamp. Empty
	 * when the pipeline failed; each timestamp is then read on its own, where a damaged one is dealt with.
	 */
	private Map<Long, List<byte[]>> firstBatches(Set<byte[]> due, Set<String> tried) {
		List<Long> seconds = new ArrayList<>(due.size());
		for (byte[] member : due) {
			Long second = timestamp(member);
			if (second != null && !tried.contains(HexFormat.of().formatHex(member))) {
				seconds.add(second);
			}
		}
		if (seconds.size() < 2) {
			return Map.of();
		}
		List<List<byte[]>> ranges = this.entries.ranges(seconds.stream().map(this.keys::delayed).toList(), 0,
				this.settings.batchSize() - 1);
		if (ranges == null) {
			return Map.of();
		}
		Map<Long, List<byte[]>> batches = new HashMap<>();
		for (int i = 0; i < seconds.size(); i++) {
			batches.put(seconds.get(i), ranges.get(i));
		}
		return batches;
	}

	/** @param firstBatch the timestamp's first entries if they were read already, else null */
	private long moveTimestamp(long second, @Nullable List<byte[]> firstBatch, BooleanSupplier stillLeader,
			long deadlineNanos) {
		String delayedKey = this.keys.delayed(second);
		long moved = 0;
		List<byte[]> previous = null;
		List<byte[]> prefetched = firstBatch;
		while (true) {
			List<byte[]> batch;
			try {
				batch = (prefetched != null) ? prefetched : this.entries.range(delayedKey, 0, this.settings.batchSize() - 1);
				prefetched = null;
			}
			catch (DataAccessException ex) {
				if (!ScheduledEntries.isWrongType(ex)) {
					throw ex;
				}
				dropScheduleMember(ScheduledEntries.raw(Long.toString(second)));
				return moved;
			}
			if (batch == null || batch.isEmpty() || sameEntries(batch, previous)) {
				// nothing left (or only entries another scheduler is moving): drop the emptied timestamp
				this.redis.execute(ResqueScripts.MOVE_DELAYED,
						List.of(delayedKey, this.keys.delayedSchedule(), this.keys.queues()), Long.toString(second),
						ResqueKeys.delayedMember(second), this.keys.wakeUpChannel(), "", "0");
				break;
			}
			previous = batch;
			long[] left = { -1 };
			moved += moveBatch(second, batch, left);
			if (left[0] == 0) {
				// the script emptied the list and took the timestamp out of the schedule: no need to look again
				break;
			}
			if (!stillLeader.getAsBoolean() || System.nanoTime() - deadlineNanos > 0) {
				break;
			}
		}
		if (moved > 0) {
			this.listener.delayedJobsMoved(
					new DelayedJobsMovedEvent(this.schedulerName, Instant.ofEpochSecond(second), moved));
		}
		return moved;
	}

	/**
	 * Moves one batch of a timestamp's entries through the enqueue pipeline, in one script; {@code left[0]} is then
	 * how many entries the timestamp's list still holds (left as it was when no script ran).
	 */
	private long moveBatch(long second, List<byte[]> batch, long[] left) {
		Instant scheduledAt = Instant.ofEpochSecond(second);
		List<Entry> jobs = new ArrayList<>(batch.size());
		Map<Entry, Stored> stored = new IdentityHashMap<>();
		for (byte[] payload : batch) {
			try {
				String text = Utf8.decode(payload);
				if (text == null) {
					failDelayed(second, payload, "it is not valid UTF-8");
					continue;
				}
				Job job = this.codec.decode(text, null);
				if (job.queue().isEmpty()) {
					failDelayed(second, payload, "it names no queue");
					continue;
				}
				Entry entry = new Entry(job, scheduledAt, queued(text, job));
				jobs.add(entry);
				stored.put(entry, new Stored(payload, text));
			}
			catch (DataAccessException ex) {
				throw ex;
			}
			catch (Throwable ex) {
				// InvalidPayloadException says what is wrong with the entry; anything else is quarantined too
				failDelayed(second, payload, (ex instanceof InvalidPayloadException) ? ex.getMessage() : ex.toString());
			}
		}
		return this.pipeline.enqueueAll(jobs, (admitted, payloads) -> move(second, admitted, payloads, stored, left),
				new Refusal() {

					@Override
					public void refused(Entry entry) {
						drop(second, stored.get(entry));
					}

					@Override
					public void failed(Entry entry, RuntimeException ex) {
						if (ex instanceof DataAccessException) {
							throw ex;
						}
						failDelayed(second, stored.get(entry).bytes(), "an enqueue plugin failed: " + ex);
					}

				});
	}

	void tracking(JobTracking tracking) {
		this.tracking = tracking;
	}

	private boolean[] move(long second, List<Entry> admitted, List<String> payloads, Map<Entry, Stored> stored,
			long[] left) {
		JobTracking tracking = this.tracking;
		List<String> scriptKeys = new ArrayList<>(3 + 3 * admitted.size());
		scriptKeys.add(this.keys.delayed(second));
		scriptKeys.add(this.keys.delayedSchedule());
		scriptKeys.add(this.keys.queues());
		List<Object> args = new ArrayList<>(5 + 3 * admitted.size());
		args.add(Long.toString(second));
		args.add(ResqueKeys.delayedMember(second));
		args.add(this.keys.wakeUpChannel());
		args.add(tracking.enabled() ? this.keys.jobPrefix() : "");
		args.add(Long.toString(tracking.pendingRetention().toMillis()));
		for (int i = 0; i < admitted.size(); i++) {
			Entry entry = admitted.get(i);
			Stored entryAsStored = stored.get(entry);
			scriptKeys.add(this.keys.queue(entry.job().queue()));
			scriptKeys.add(this.keys.timestamps(entryAsStored.text()));
			scriptKeys.add(this.keys.delayedId(second, JobIds.digest(entryAsStored.text())));
			args.add(entryAsStored.bytes());
			// '' stands for the entry itself, byte for byte
			args.add(payloads.get(i).equals(entryAsStored.text()) ? "" : payloads.get(i));
			args.add(entry.job().queue());
		}
		List<Long> flags = ResqueScripts.executeRaw(this.redis, ResqueScripts.MOVE_DELAYED, scriptKeys, args.toArray());
		boolean[] landed = new boolean[admitted.size()];
		for (int i = 0; i < landed.length && flags != null && i < flags.size(); i++) {
			landed[i] = flags.get(i) == 1;
		}
		if (flags != null && flags.size() > admitted.size()) {
			left[0] = flags.get(admitted.size());
		}
		return landed;
	}

	/** A due delayed job that an enqueue plugin stopped leaves the schedule, as node-resque drops it. */
	private void drop(long second, Stored stored) {
		ResqueScripts.executeRaw(this.redis, ResqueScripts.DROP_DELAYED,
				List.of(this.keys.delayed(second), this.keys.delayedSchedule(), this.keys.timestamps(stored.text())),
				Long.toString(second), ResqueKeys.delayedMember(second), stored.bytes());
		log.debug("Delayed job {} was dropped by an enqueue plugin", stored.text());
	}

	/** A delayed entry as read: its exact bytes (what LREM matches) and their text, decoded once. */
	private record Stored(byte[] bytes, String text) {
	}

	/**
	 * What goes on the queue for a delayed entry: the entry itself, byte for byte, or in Ruby's dialect the job
	 * without its {@code queue} field, as resque-scheduler moves it.
	 */
	private String queued(String entry, Job job) {
		return (this.codec.dialect() == WireDialect.RUBY) ? this.codec.encodeQueued(job) : entry;
	}

	private void failDelayed(long second, byte[] payload, String reason) {
		String error = "Delayed entry at " + Instant.ofEpochSecond(second) + " cannot be enqueued: " + reason;
		log.warn("{}; it was moved to the failed queue", error);
		String entry = this.codec.encodeFailure(this.schedulerName, "", payload, InvalidPayloadException.class.getName(),
				error, List.of(), this.clock.instant());
		ResqueScripts.executeRaw(this.redis, ResqueScripts.FAIL_DELAYED,
				List.of(this.keys.delayed(second), this.keys.delayedSchedule(), this.keys.failed(),
						this.keys.failedCount()),
				Long.toString(second), payload, entry);
	}

	private void dropScheduleMember(byte[] member) {
		String shown = new String(member, StandardCharsets.UTF_8);
		String error = "Member \"" + shown + "\" of delayed_queue_schedule is not a timestamp (or its delayed list "
				+ "is not a list); it was taken out of the schedule";
		log.warn(error);
		String entry = this.codec.encodeFailure(this.schedulerName, "", member, InvalidPayloadException.class.getName(),
				error, List.of(), this.clock.instant());
		ResqueScripts.executeRaw(this.redis, ResqueScripts.DROP_SCHEDULE_MEMBER,
				List.of(this.keys.delayedSchedule(), this.keys.failed(), this.keys.failedCount()), member, entry);
	}

	/**
	 * The member as a timestamp when it is one as written by every scheduler (a canonical integer of seconds
	 * within Instant's range), else {@code null}: {@code "0012"} would name another key than {@code delayed:12}.
	 */
	private static @Nullable Long timestamp(byte[] member) {
		String text = new String(member, StandardCharsets.ISO_8859_1);
		try {
			long second = Long.parseLong(text);
			Instant.ofEpochSecond(second);
			return Long.toString(second).equals(text) ? second : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean sameEntries(List<byte[]> batch, @Nullable List<byte[]> previous) {
		if (previous == null || previous.size() != batch.size()) {
			return false;
		}
		for (int i = 0; i < batch.size(); i++) {
			if (!Arrays.equals(batch.get(i), previous.get(i))) {
				return false;
			}
		}
		return true;
	}

}
