package dev.resque.core.scheduler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.enqueue.EnqueuePipeline.Entry;
import dev.resque.core.event.RecurringJobFiredEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;

/**
 * The leader's recurring-jobs duty: enqueues each schedule's due firing once, whichever scheduler fires it. A
 * schedule whose last firing in Redis cannot be read starts again from now rather than stopping the others.
 */
final class RecurringJobFirer {

	private static final Logger log = LoggerFactory.getLogger(RecurringJobFirer.class);

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final EnqueuePipeline pipeline;

	private final ResqueSchedulerListener listener;

	private final Clock clock;

	/** Schedules whose last attempt failed: logged once per run of failures, not on every poll. */
	private final Set<String> failing = ConcurrentHashMap.newKeySet();

	RecurringJobFirer(StringRedisTemplate redis, ResqueKeys keys, EnqueuePipeline pipeline, ResqueSchedulerListener listener,
			Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.pipeline = pipeline;
		this.listener = listener;
		this.clock = clock;
	}

	/** Enqueues the recurring jobs that are due and returns how many fired. */
	int fire(List<RecurringJob> recurring) {
		if (recurring.isEmpty()) {
			return 0;
		}
		Instant now = this.clock.instant();
		Map<Object, Object> lastFired = this.redis.opsForHash().entries(this.keys.scheduleLastFired());
		int fired = 0;
		for (RecurringJob schedule : recurring) {
			try {
				if (fireIfDue(schedule, lastFired.get(schedule.name()), now)) {
					fired++;
				}
			}
			catch (DataAccessException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				if (this.failing.add(schedule.name())) {
					log.error("Recurring job {} could not be fired ({}); the other schedules go on", schedule.name(),
							ex.toString(), ex);
				}
				continue;
			}
			this.failing.remove(schedule.name());
		}
		return fired;
	}

	private boolean fireIfDue(RecurringJob schedule, @Nullable Object last, Instant now) {
		String start = Long.toString(now.getEpochSecond());
		if (last == null) {
			// first sight of this schedule: its firings start from now (unless another scheduler said so first)
			this.redis.opsForHash().putIfAbsent(this.keys.scheduleLastFired(), schedule.name(), start);
			return false;
		}
		Instant lastInstant = lastFiring(schedule, last.toString());
		if (lastInstant == null) {
			this.redis.opsForHash().put(this.keys.scheduleLastFired(), schedule.name(), start);
			return false;
		}
		Optional<Instant> firing = schedule.dueFiring(lastInstant, now);
		if (firing.isEmpty()) {
			return false;
		}
		Job job = schedule.job();
		long second = firing.get().getEpochSecond();
		Entry entry = this.pipeline.entry(job);
		boolean enqueued = this.pipeline.enqueue(entry, (entries, payloads) -> {
			List<String> scriptKeys = new ArrayList<>(List.of(this.keys.scheduleFiring(schedule.name(), second),
					this.keys.queues(), this.keys.queue(job.queue()), this.keys.scheduleLastFired()));
			List<String> args = new ArrayList<>(List.of(Long.toString(schedule.markerTtl().toSeconds()), job.queue(),
					payloads.get(0), this.keys.wakeUpChannel(), schedule.name(), Long.toString(second)));
			if (entry.id() != null) {
				scriptKeys.add(this.keys.job(entry.id()));
				args.add(job.name());
				args.add(Long.toString(this.pipeline.tracking().pendingRetention().toMillis()));
			}
			Long count = this.redis.execute(ResqueScripts.FIRE_SCHEDULE, scriptKeys, args.toArray());
			return new boolean[] { count != null && count == 1 };
		}, (refused) -> {
			// a plugin (a queue lock) stopped this firing: it is over, the next one is due at its time
			this.redis.opsForHash().put(this.keys.scheduleLastFired(), schedule.name(), Long.toString(second));
			log.debug("Recurring job {} firing at {} was stopped by an enqueue plugin", schedule.name(), firing.get());
		});
		if (enqueued) {
			this.listener.recurringJobFired(new RecurringJobFiredEvent(schedule.name(), firing.get(), job));
		}
		return enqueued;
	}

	private @Nullable Instant lastFiring(RecurringJob schedule, String value) {
		try {
			return Instant.ofEpochSecond(Long.parseLong(value.trim()));
		}
		catch (RuntimeException ex) {
			log.warn("The last firing of recurring job {} in Redis (\"{}\") is not a time; its firings start from now",
					schedule.name(), value);
			return null;
		}
	}

}
