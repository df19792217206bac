package dev.resque.core.enqueue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.plugin.DelayedJobs;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * The schedule of delayed jobs as resque-scheduler and node-resque keep it: a {@code delayed:<ts>} list per
 * second, the {@code delayed_queue_schedule} sorted set of those seconds, and a {@code timestamps:<payload>} set
 * per job naming the seconds it is in. A job is found by its payload, written the way each peer writes it.
 */
public final class DelayedSchedule implements DelayedJobs {

	private static final Logger log = LoggerFactory.getLogger(DelayedSchedule.class);

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final Supplier<JobTracking> tracking;

	public DelayedSchedule(RedisCalls calls, ResqueKeys keys, JobCodec codec) {
		this(calls, keys, codec, JobTracking::defaults);
	}

	/** @param tracking whether the jobs scheduled here get an id and a status, read at each call */
	public DelayedSchedule(RedisCalls calls, ResqueKeys keys, JobCodec codec, Supplier<JobTracking> tracking) {
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
		this.tracking = tracking;
	}

	/**
	 * Schedules a job for a time, rounded up to the whole second (a job never runs early): one round trip, no
	 * plugin hooks (they run when the scheduler moves it). The entry is written as resque-scheduler writes it,
	 * without the id: a tracked job's id is kept beside it ({@link ResqueKeys#delayedId}) and added to the payload
	 * when the job is queued.
	 * @return the job's id (when the same job is already scheduled in that second: that job's) and whether it was
	 * scheduled
	 */
	public EnqueueResult schedule(Instant at, Job job) {
		return schedule(at, job, null, this.tracking.get());
	}

	@Override
	public boolean schedule(Instant at, Job job, @Nullable String jobId) {
		return schedule(at, job, jobId, this.tracking.get()).enqueued();
	}

	private EnqueueResult schedule(Instant at, Job job, @Nullable String jobId, JobTracking tracking) {
		String payload = this.codec.encodeDelayed(job);
		long second = second(at);
		List<String> scriptKeys = new ArrayList<>(5);
		scriptKeys.addAll(List.of(this.keys.delayed(second), this.keys.timestamps(payload), this.keys.delayedSchedule()));
		List<String> args = new ArrayList<>(7);
		args.addAll(List.of(Long.toString(second), payload, ResqueKeys.delayedMember(second)));
		String id = null;
		if (tracking.enabled()) {
			id = (jobId != null) ? jobId : JobIds.next();
			scriptKeys.add(this.keys.delayedId(second, JobIds.digest(payload)));
			scriptKeys.add(this.keys.job(id));
			// the id outlives the wait for its second, then lasts as any waiting job's status does
			long untilDue = Math.max(0, second * 1000 - System.currentTimeMillis());
			args.addAll(List.of(id, job.name(), job.queue(),
					Long.toString(untilDue + tracking.pendingRetention().toMillis())));
		}
		List<Object> reply = this.calls.write("schedule " + job.name(),
				(redis) -> redis.execute(ResqueScripts.ENQUEUE_AT, scriptKeys, args.toArray()));
		boolean added = reply != null && !reply.isEmpty() && Long.valueOf(1).equals(reply.get(0));
		String replyId = (reply != null && reply.size() > 1 && reply.get(1) instanceof String text && !text.isEmpty())
				? text : null;
		if (!added) {
			log.debug("Job {} is already scheduled at {}; not scheduled again", payload, second);
			return EnqueueResult.refused(replyId);
		}
		return EnqueueResult.enqueued(id);
	}

	@Override
	public List<Instant> scheduledAt(Job job) {
		List<String> encodings = encodings(job);
		List<Object> replies = this.calls.pipeline("read schedule",
				(ops) -> encodings.forEach((payload) -> ops.opsForSet().members(this.keys.timestamps(payload))));
		TreeSet<Instant> times = new TreeSet<>();
		for (Object reply : replies) {
			seconds(RedisCalls.strings(reply)).forEach((second) -> times.add(Instant.ofEpochSecond(second)));
		}
		return List.copyOf(times);
	}

	/** Removes a job from every time it is scheduled at; returns those times, sorted. */
	public List<Instant> remove(Job job) {
		TreeSet<Instant> removed = new TreeSet<>();
		for (String payload : encodings(job)) {
			String timestampsKey = this.keys.timestamps(payload);
			Set<String> members = this.calls.call("read schedule",
					() -> this.calls.redis().opsForSet().members(timestampsKey));
			List<Long> seconds = seconds(RedisCalls.orEmpty(members));
			if (seconds.isEmpty()) {
				continue;
			}
			List<String> scriptKeys = new ArrayList<>();
			scriptKeys.add(this.keys.delayedSchedule());
			scriptKeys.add(timestampsKey);
			List<String> scriptArgs = new ArrayList<>();
			scriptArgs.add(payload);
			for (Long second : seconds) {
				scriptKeys.add(this.keys.delayed(second));
				scriptArgs.add(Long.toString(second));
				scriptArgs.add(ResqueKeys.delayedMember(second));
			}
			List<String> result = this.calls.call("delete delayed job",
					() -> this.calls.redis().execute(ResqueScripts.DEL_DELAYED, scriptKeys, scriptArgs.toArray()));
			List<String> gone = RedisCalls.orEmpty(result);
			gone.forEach((second) -> removed.add(Instant.ofEpochSecond(Long.parseLong(second))));
			forgetIds(payload, gone);
		}
		return List.copyOf(removed);
	}

	/** The ids kept beside removed entries go, and their jobs are recorded as cancelled. */
	private void forgetIds(String payload, List<String> seconds) {
		JobTracking tracking = this.tracking.get();
		if (!tracking.enabled() || seconds.isEmpty()) {
			return;
		}
		String digest = JobIds.digest(payload);
		List<String> scriptKeys = new ArrayList<>(1 + seconds.size());
		scriptKeys.add(this.keys.history());
		seconds.forEach((second) -> scriptKeys.add(this.keys.delayedId(Long.parseLong(second), digest)));
		this.calls.call("forget delayed job ids", () -> this.calls.redis().execute(ResqueScripts.FORGET_DELAYED,
				scriptKeys, this.keys.jobPrefix(), Long.toString(tracking.historyRetention().toMillis())));
	}

	/**
	 * Takes a job out of the times it is scheduled at and puts it on its queue once, in one script; returns the
	 * times it was taken from, empty when it was in none of them (nothing is enqueued then).
	 * @param payload what goes on the queue
	 * @param scheduled where it is scheduled, as {@link #scheduledAt} read it
	 */
	public List<Instant> moveToQueue(Job job, String payload, List<Instant> scheduled) {
		List<String> encodings = encodings(job);
		List<String> scriptKeys = new ArrayList<>(List.of(this.keys.delayedSchedule(), this.keys.queues(),
				this.keys.queue(job.queue()), this.keys.timestamps(encodings.get(0)), this.keys.timestamps(encodings.get(1))));
		JobTracking tracking = this.tracking.get();
		List<String> scriptArgs = new ArrayList<>(
				List.of(job.queue(), payload, this.keys.wakeUpChannel(), encodings.get(0), encodings.get(1),
						tracking.enabled() ? this.keys.jobPrefix() : "",
						Long.toString(tracking.pendingRetention().toMillis())));
		String digest = JobIds.digest(this.codec.encodeDelayed(job));
		for (Instant at : scheduled) {
			scriptKeys.add(this.keys.delayed(at.getEpochSecond()));
			scriptKeys.add(this.keys.delayedId(at.getEpochSecond(), digest));
			scriptArgs.add(Long.toString(at.getEpochSecond()));
			scriptArgs.add(ResqueKeys.delayedMember(at.getEpochSecond()));
		}
		List<String> removed = this.calls.call("enqueue delayed job " + job.name(),
				() -> this.calls.redis().execute(ResqueScripts.ENQUEUE_DELAYED_NOW, scriptKeys, scriptArgs.toArray()));
		return RedisCalls.orEmpty(removed).stream().map((second) -> Instant.ofEpochSecond(Long.parseLong(second))).sorted().toList();
	}

	/** The second a job scheduled at a time goes in: rounded up, so that it never runs early. */
	public static long second(Instant at) {
		return at.getEpochSecond() + ((at.getNano() > 0) ? 1 : 0);
	}

	/** node-resque's and resque-scheduler's encodings of a delayed job, the two a job may be found by. */
	private List<String> encodings(Job job) {
		return List.of(this.codec.encode(job), this.codec.encodeSchedulerOrder(job));
	}

	/** The seconds named by {@code delayed:<ts>} members, sorted; members that name none are skipped. */
	private static List<Long> seconds(Collection<String> members) {
		List<Long> seconds = new ArrayList<>();
		for (String member : members) {
			@Nullable Long second = ResqueKeys.secondOfDelayedMember(member);
			if (second != null) {
				seconds.add(second);
			}
			else {
				log.debug("Ignoring schedule member {}", member);
			}
		}
		Collections.sort(seconds);
		return seconds;
	}

}
