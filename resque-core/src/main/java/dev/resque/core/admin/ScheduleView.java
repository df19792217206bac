package dev.resque.core.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.queue.StoredSchedule;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueScripts;
import dev.resque.core.scheduler.DynamicSchedules;
import dev.resque.core.scheduler.RecurringJob;

/**
 * Recurring schedules managed at run time: added, changed and removed in resque-scheduler's
 * {@code persistent_schedules} hash (so a dynamic Ruby scheduler sees them too, told by {@code schedules_changed}),
 * paused and resumed in {@code paused_schedules}, which also pauses schedules from the configuration. Every
 * instance's leader fires them from the next poll on.
 */
public final class ScheduleView {

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	ScheduleView(RedisCalls calls, ResqueKeys keys, JobCodec codec) {
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
	}

	/**
	 * The configured schedules and then the dynamic ones not named as a configured one (which the leader does not
	 * fire), each with where it comes from and whether it is paused. A dynamic entry the scheduler cannot read is
	 * left out: the scheduler skips it and says why.
	 * @param configured the schedules from the configuration, as the scheduler was given them
	 */
	public List<Listed> listed(List<RecurringJob> configured) {
		Set<String> paused = paused();
		List<Listed> rows = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (RecurringJob schedule : configured) {
			names.add(schedule.name());
			rows.add(new Listed(schedule, "configuration", paused.contains(schedule.name())));
		}
		for (StoredSchedule stored : dynamic()) {
			if (!names.contains(stored.name())) {
				try {
					rows.add(new Listed(DynamicSchedules.recurring(stored), "dynamic", paused.contains(stored.name())));
				}
				catch (IllegalArgumentException ex) {
					// unreadable: not a schedule to show
				}
			}
		}
		return rows;
	}

	/**
	 * A schedule as listed.
	 *
	 * @param schedule the schedule
	 * @param source {@code configuration} or {@code dynamic}
	 * @param paused whether it is paused
	 */
	public record Listed(RecurringJob schedule, String source, boolean paused) {

	}

	/** Adds a schedule, or replaces the one of that name. */
	public void put(RecurringJob schedule) {
		put(schedule, "");
	}

	/** Adds a schedule with a description, or replaces the one of that name. */
	public void put(RecurringJob schedule, String description) {
		StoredSchedule stored = DynamicSchedules.stored(schedule, description);
		String json = this.codec.encodeSchedule(stored);
		this.calls.call("save schedule " + schedule.name(),
				() -> this.calls.redis().execute(ResqueScripts.PUT_SCHEDULE,
						List.of(this.keys.persistentSchedules(), this.keys.schedulesChanged()), schedule.name(), json));
	}

	/**
	 * Removes a dynamic schedule (its pause and its last firing go with it, so that one added again later under
	 * that name starts afresh).
	 * @return whether there was one
	 */
	public boolean remove(String name) {
		Long removed = this.calls.call("remove schedule " + name,
				() -> this.calls.redis().execute(ResqueScripts.REMOVE_SCHEDULE,
						List.of(this.keys.persistentSchedules(), this.keys.schedulesChanged(), this.keys.pausedSchedules(),
								this.keys.scheduleLastFired()),
						name));
		return RedisCalls.orZero(removed) > 0;
	}

	/**
	 * Pauses a schedule, dynamic or configured: our schedulers skip its firings until it is resumed (a Ruby
	 * scheduler does not know of pauses).
	 * @return whether it was running until now
	 */
	public boolean pause(String name) {
		Long added = this.calls.call("pause schedule " + name,
				() -> this.calls.redis().opsForSet().add(this.keys.pausedSchedules(), name));
		return RedisCalls.orZero(added) > 0;
	}

	/** @return whether it was paused until now */
	public boolean resume(String name) {
		Long removed = this.calls.call("resume schedule " + name,
				() -> this.calls.redis().opsForSet().remove(this.keys.pausedSchedules(), name));
		return RedisCalls.orZero(removed) > 0;
	}

	/** The names of the paused schedules. */
	public Set<String> paused() {
		Set<String> names = this.calls.call("read paused schedules",
				() -> this.calls.redis().opsForSet().members(this.keys.pausedSchedules()));
		return (names != null) ? Set.copyOf(names) : Set.of();
	}

	/**
	 * The dynamic schedules by name, whoever stored them; entries that cannot be read (not JSON, no class) are left
	 * out, as the scheduler skips them.
	 */
	public List<StoredSchedule> dynamic() {
		Map<Object, Object> entries = this.calls.call("read schedules",
				() -> this.calls.redis().opsForHash().entries(this.keys.persistentSchedules()));
		Map<String, StoredSchedule> byName = new TreeMap<>();
		for (Map.Entry<Object, Object> entry : (entries != null) ? entries.entrySet() : Set.<Map.Entry<Object, Object>>of()) {
			try {
				String name = entry.getKey().toString();
				byName.put(name, this.codec.decodeSchedule(name, entry.getValue().toString()));
			}
			catch (InvalidPayloadException ex) {
				// shown by the scheduler's warning; an admin listing lists what can be fired
			}
		}
		return new ArrayList<>(byName.values());
	}

}
