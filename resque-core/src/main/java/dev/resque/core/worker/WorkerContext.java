package dev.resque.core.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.JobTracking;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.redis.ResqueKeys;

/**
 * What all workers of a container share, in one place, so that a worker and the parts it is made of are built
 * from one argument rather than from a dozen each.
 *
 * @param maxPayloadSize payloads bigger than this many bytes are failed without being decoded
 * @param timeouts interrupts jobs past their timeout
 * @param queueLimits the limits of queues that have some, by queue
 * @param slotLease how long a concurrency slot lasts unless its worker's pings renew it
 * @param jobLimits how many jobs of each job name with a limit may run at once
 * @param statistics where workers count outcomes per day and minute; {@code null} when none are kept
 */
record WorkerContext(StringRedisTemplate redis, ResqueKeys keys, JobCodec codec, JobInvoker invoker,
		JobPlugins plugins, ResqueJobListener listener, RedisOutage outage, Clock clock,
		ObservationRegistry observations, long maxPayloadSize, JobTimeouts timeouts, Map<String, QueueLimit> queueLimits,
		Duration slotLease, Map<String, Integer> jobLimits, @Nullable JobStatistics statistics,
		JobTracking tracking) {
}
