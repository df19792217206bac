package dev.resque.benchmark;

import java.util.ArrayList;
import java.util.List;

import dev.resque.core.job.Job;

/** Jobs enqueued with one {@code enqueueAll} call: payloads are written first, then pipelined in chunks. */
final class EnqueueBatchWorkload implements Workload {

	@Override
	public RunResult run(BenchmarkRun run) {
		int jobs = run.jobs();
		long start = System.nanoTime();
		List<Job> batch = new ArrayList<>(jobs);
		for (int i = 0; i < jobs; i++) {
			batch.add(Job.of(BenchmarkRun.QUEUE, "Noop", i));
		}
		run.template().enqueueAll(batch);
		return RunResult.throughput(jobs, System.nanoTime() - start);
	}

}
