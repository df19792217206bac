package dev.resque.fault;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.QueueLimit;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;

/**
 * A worker (and optionally scheduler) process for fault tests, configured by system properties: it runs
 * {@link RecordedJob} on queue {@code q} and writes its worker names under {@code test:names:<tag>} once started.
 */
public final class FaultWorkerMain {

	private FaultWorkerMain() {
	}

	public static void main(String[] args) throws Exception {
		String host = System.getProperty("fault.host");
		int port = Integer.getInteger("fault.port");
		ResqueKeys keys = new ResqueKeys(System.getProperty("fault.ns"));
		int concurrency = Integer.getInteger("fault.concurrency", 2);
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(host, port, 0,
				Duration.ofMillis(Long.getLong("fault.timeout", 2000)));
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(RecordedJob.class), () -> new RecordedJob(redis, keys));
		registry.register(JobDefinition.of(FencedJob.class), () -> new FencedJob(redis, keys));
		JobCodec codec = new JobCodec();
		if (concurrency > 0) {
			ResqueWorkerContainer container = new ResqueWorkerContainer(factory, keys, codec,
					new JobInvoker(registry, codec), new ResqueJobListener() {
					}, List.of(new WorkerPoolSettings("fault", List.of("q"), concurrency, Duration.ofMillis(100))),
					Duration.ofMillis(Long.getLong("fault.ping", 200)), Duration.ofSeconds(1));
			container.setMaxPayloadSize(Long.getLong("fault.maxPayload", ResqueWorkerContainer.DEFAULT_MAX_PAYLOAD_SIZE));
			Integer maxConcurrency = Integer.getInteger("fault.maxConcurrency");
			if (maxConcurrency != null) {
				container.setQueueLimits(java.util.Map.of("q", QueueLimit.concurrency(maxConcurrency)));
			}
			container.start();
			redis.opsForList().rightPushAll(keys.key("test", "names", System.getProperty("fault.tag")),
					container.workerNames());
		}
		if (Boolean.getBoolean("fault.scheduler")) {
			ResqueScheduler scheduler = new ResqueScheduler(factory, keys, codec,
					new SchedulerSettings(Duration.ofMillis(200), Duration.ofSeconds(15), Duration.ofSeconds(5),
							StuckJobAction.REQUEUE, 500),
					List::of, new ResqueSchedulerListener() {
					});
			scheduler.start();
			redis.opsForValue().set(keys.key("test", "scheduler", System.getProperty("fault.tag")), scheduler.name());
		}
		Thread.sleep(Long.MAX_VALUE);
	}

}
