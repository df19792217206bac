package dev.resque.core.plugin;

import java.util.function.Supplier;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.redis.ResqueKeys;

/**
 * What the built-in plugins work with: Redis, the key layout, the codec and the template (looked up late, as the
 * template itself runs plugins).
 */
public record PluginSupport(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec,
		Supplier<ResqueTemplate> template) {

	/** The arguments as node-resque's lock keys write them: {@code JSON.stringify(args)}. */
	String argsJson(Job job) {
		return this.codec.write(job.args());
	}

}
