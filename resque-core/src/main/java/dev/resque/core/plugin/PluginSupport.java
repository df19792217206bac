package dev.resque.core.plugin;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;

/**
 * What the built-in plugins work with: Redis for their locks and counters, the key layout, the codec and the
 * schedule of delayed jobs (to run a job again later, or to see whether it is scheduled).
 */
public record PluginSupport(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec, DelayedJobs delayed) {

	/** The arguments as node-resque's lock keys write them: {@code JSON.stringify(args)}. */
	String argsJson(Job job) {
		return this.codec.write(job.args());
	}

}
