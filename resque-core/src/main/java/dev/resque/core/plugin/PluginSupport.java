package dev.resque.core.plugin;

import java.time.Clock;

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

}
