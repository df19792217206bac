package dev.resque.benchmark;

import org.jspecify.annotations.Nullable;

/**
 * What the measured part of a run costs, read at its start and at its end: the benchmark process's CPU and, with
 * {@code --redis-stats}, the server's figures, each per job, beside the throughput.
 */
final class RunCosts {

	private final BenchmarkRun run;

	private final @Nullable RedisServerStats before;

	private final long cpuBefore;

	private RunCosts(BenchmarkRun run) {
		this.run = run;
		this.before = run.options().redisStats() ? RedisServerStats.read(run.redis()) : null;
		this.cpuBefore = ProcessCpu.nanos();
	}

	/** Starts counting now: what the run did before (its fill) is left out. */
	static RunCosts start(BenchmarkRun run) {
		return new RunCosts(run);
	}

	/** The figures of {@code jobs} done in {@code nanos}, with what they cost since {@link #start}. */
	RunResult result(int jobs, long nanos) {
		long cpu = ProcessCpu.nanos() - this.cpuBefore;
		RunResult result = RunResult.throughput(jobs, nanos).with("client_cpu_us_per_job", cpu / 1e3 / jobs);
		if (this.before != null) {
			result.withAll(this.before.perJob(RedisServerStats.read(this.run.redis()), jobs));
		}
		return result;
	}

}
