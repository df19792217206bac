package dev.resque.benchmark;

import dev.resque.core.ResqueTemplate;

/** Jobs enqueued one after the other from one thread, each call waiting for Redis's answer. */
final class EnqueueWorkload implements Workload {

	@Override
	public RunResult run(BenchmarkRun run) {
		ResqueTemplate template = run.template();
		int jobs = run.jobs();
		RedisServerStats before = run.options().redisStats() ? RedisServerStats.read(run.redis()) : null;
		long cpuBefore = ProcessCpu.nanos();
		long start = System.nanoTime();
		for (int i = 0; i < jobs; i++) {
			template.enqueue(NoopJob.class, i);
		}
		long nanos = System.nanoTime() - start;
		long cpu = ProcessCpu.nanos() - cpuBefore;
		RunResult result = RunResult.throughput(jobs, nanos).with("client_cpu_us_per_job", cpu / 1e3 / jobs);
		if (before != null) {
			result.withAll(before.perJob(RedisServerStats.read(run.redis()), jobs));
		}
		return result;
	}

}
