package dev.resque.benchmark;

import dev.resque.core.ResqueTemplate;

/** Jobs enqueued one after the other from one thread, each call waiting for Redis's answer. */
final class EnqueueWorkload implements Workload {

	@Override
	public RunResult run(BenchmarkRun run) {
		ResqueTemplate template = run.template();
		int jobs = run.jobs();
		RunCosts costs = RunCosts.start(run);
		long start = System.nanoTime();
		for (int i = 0; i < jobs; i++) {
			template.enqueue(NoopJob.class, i);
		}
		return costs.result(jobs, System.nanoTime() - start);
	}

}
