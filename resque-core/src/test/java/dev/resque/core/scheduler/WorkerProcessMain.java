package dev.resque.core.scheduler;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;

/** A worker process for crash tests: it takes a slow job and is then killed from outside. */
public final class WorkerProcessMain {

	private WorkerProcessMain() {
	}

	public static void main(String[] args) throws Exception {
		LettuceConnectionFactory factory = RedisConnections.connectionFactory(args[0], Integer.parseInt(args[1]), 0);
		ResqueKeys keys = new ResqueKeys(args[2]);
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(Slow.class), () -> new Slow(redis, keys));
		JobCodec codec = new JobCodec();
		ResqueWorkerContainer container = new ResqueWorkerContainer(factory, keys, codec, new JobInvoker(registry, codec),
				new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("crash", List.of("slow"), 1, Duration.ofMillis(100))),
				Duration.ofMillis(200), Duration.ofSeconds(1));
		container.start();
		Thread.sleep(Long.MAX_VALUE);
	}

	@ResqueJob(queue = "slow")
	public static class Slow {

		private final StringRedisTemplate redis;

		private final ResqueKeys keys;

		Slow(StringRedisTemplate redis, ResqueKeys keys) {
			this.redis = redis;
			this.keys = keys;
		}

		public void perform(String id) throws InterruptedException {
			this.redis.opsForValue().set(this.keys.key("test", "started"), id);
			Thread.sleep(Duration.ofMinutes(5).toMillis());
		}

	}

}
