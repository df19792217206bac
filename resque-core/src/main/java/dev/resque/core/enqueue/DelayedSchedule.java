package dev.resque.core.enqueue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
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

	public DelayedSchedule(RedisCalls calls, ResqueKeys keys, JobCodec codec) {
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
	}

	/**
	 * Schedules a job for a time, rounded up to the whole second (a job never runs early): one round trip, no
	 * plugin hooks (they run when the scheduler moves it).
	 */
	@Override
	public boolean enqueueAt(Instant at, Job job) {
		String payload = this.codec.encodeDelayed(job);
		long second = second(at);
		Long added = this.calls.call("schedule " + job.name(),
				() -> this.calls.redis().execute(ResqueScripts.ENQUEUE_AT,
						List.of(this.keys.delayed(second), this.keys.timestamps(payload), this.keys.delayedSchedule()),
						Long.toString(second), payload, ResqueKeys.delayedMember(second)));
		if (added == null || added == 0) {
			log.debug("Job {} is already scheduled at {}; not scheduled again", payload, second);
			return false;
		}
		return true;
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
			RedisCalls.orEmpty(result).forEach((second) -> removed.add(Instant.ofEpochSecond(Long.parseLong(second))));
		}
		return List.copyOf(removed);
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
		List<String> scriptArgs = new ArrayList<>(
				List.of(job.queue(), payload, this.keys.wakeUpChannel(), encodings.get(0), encodings.get(1)));
		for (Instant at : scheduled) {
			scriptKeys.add(this.keys.delayed(at.getEpochSecond()));
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
