package dev.resque.core.plugin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;

/**
 * What the built-in plugins work with: a store for their locks and counters, the key layout, the codec, the
 * schedule of delayed jobs (to run a job again later, or to see whether it is scheduled) and the clock their
 * delays and lock expiries are measured by.
 */
public record PluginSupport(PluginStore store, ResqueKeys keys, JobCodec codec, DelayedJobs delayed, Clock clock) {

	/** Locks and counters in Redis, on the system clock: what workers and the template use. */
	public PluginSupport(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec, DelayedJobs delayed) {
		this(new RedisPluginStore(redis), keys, codec, delayed, Clock.systemUTC());
	}

	/** The arguments as node-resque's lock keys write them: {@code JSON.stringify(args)}. */
	String argsJson(Job job) {
		return this.codec.write(job.args());
	}

	/**
	 * The arguments at these positions, written as {@link #argsJson(Job)} writes all of them (which it does when
	 * none are named); a position the job has no argument at counts as {@code null}.
	 */
	String argsJson(Job job, int[] positions) {
		if (positions.length == 0) {
			return argsJson(job);
		}
		List<Object> selected = new ArrayList<>(positions.length);
		for (int position : positions) {
			selected.add((position < job.args().size()) ? job.args().get(position) : null);
		}
		return this.codec.write(selected);
	}

	/** Refuses argument positions that cannot name an argument. */
	static int[] positions(int[] positions, String where) {
		for (int position : positions) {
			if (position < 0) {
				throw new IllegalArgumentException(where + " names argument " + position + "; positions start at 0");
			}
		}
		return positions.clone();
	}

}
