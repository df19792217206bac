package dev.resque.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.ShardedResqueTemplate;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.job.Job;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.worker.ResqueWorkerContainer;

/**
 * The drain of {@link DrainWorkload} with the queues sharded over {@code --shards} private servers: one queue on
 * each, the jobs spread evenly, filled through one sharded template, drained by {@code --workers} threads per
 * shard. Reports the throughput and client CPU per job, and each server's CPU per job it held
 * ({@code redis_cpu_us_per_job_shard<i>}) with their sum over all jobs ({@code redis_cpu_us_per_job}).
 */
final class ShardDrainWorkload implements Workload {

	@Override
	public RunResult run(BenchmarkRun run) throws InterruptedException {
		int shards = run.options().shards();
		int jobs = run.jobs();
		List<BenchmarkRedis> servers = new ArrayList<>();
		try {
			for (int i = 0; i < shards; i++) {
				servers.add(BenchmarkRedis.startPrivate(run.options().client()));
			}
			EnqueuePipeline pipeline = EnqueuePipeline.plain(run.codec());
			Map<String, ResqueTemplate> others = new HashMap<>();
			for (int i = 1; i < shards; i++) {
				others.put(queue(i), new ResqueTemplate(new RedisCalls(servers.get(i).connectionFactory()), run.keys(),
						pipeline));
			}
			ShardedResqueTemplate template = new ShardedResqueTemplate(
					new RedisCalls(servers.get(0).connectionFactory()), run.keys(), pipeline, others);
			List<Job> fill = new ArrayList<>(jobs);
			for (int n = 0; n < jobs; n++) {
				fill.add(Job.of(queue(n % shards), "Noop", n));
			}
			template.enqueueAll(fill);

			CompletionTracker tracker = new CompletionTracker(jobs);
			List<ResqueWorkerContainer> workers = new ArrayList<>();
			List<RedisServerStats> before = new ArrayList<>();
			for (int i = 0; i < shards; i++) {
				workers.add(run.workers(servers.get(i).connectionFactory(), List.of(queue(i)), new NoopJob(tracker)));
				before.add(RedisServerStats.read(servers.get(i).template()));
			}
			long cpuBefore = ProcessCpu.nanos();
			long start = System.nanoTime();
			long last;
			try {
				workers.forEach(ResqueWorkerContainer::start);
				last = tracker.awaitLast(Duration.ofSeconds(60 + jobs / 500));
			}
			finally {
				workers.forEach(ResqueWorkerContainer::stop);
			}
			long cpu = ProcessCpu.nanos() - cpuBefore;
			RunResult result = RunResult.throughput(jobs, last - start).with("client_cpu_us_per_job", cpu / 1e3 / jobs);
			double redisCpu = 0;
			for (int i = 0; i < shards; i++) {
				int held = jobs / shards + ((i < jobs % shards) ? 1 : 0);
				double seconds = RedisServerStats.read(servers.get(i).template()).cpuSeconds() - before.get(i).cpuSeconds();
				redisCpu += seconds;
				result.with("redis_cpu_us_per_job_shard" + i, seconds * 1e6 / held);
			}
			return result.with("redis_cpu_us_per_job", redisCpu * 1e6 / jobs);
		}
		finally {
			servers.forEach(BenchmarkRedis::close);
		}
	}

	private static String queue(int shard) {
		return BenchmarkRun.QUEUE + "-" + shard;
	}

}
