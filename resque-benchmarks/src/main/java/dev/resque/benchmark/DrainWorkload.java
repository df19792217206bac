package dev.resque.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.resque.core.job.Job;
import dev.resque.core.worker.ResqueWorkerContainer;

/**
 * A queue pre-filled with no-op jobs, drained by one pool of worker threads: the time from starting the workers
 * to the start of the last perform, and the CPU time this process spent per job until the workers stopped. With
 * {@code --redis-stats}, also what Redis did per job over the same span (so the outcome of every job is
 * recorded), the fill left out.
 */
final class DrainWorkload implements Workload {

	@Override
	public RunResult run(BenchmarkRun run) throws InterruptedException {
		int jobs = run.jobs();
		List<Job> fill = new ArrayList<>(jobs);
		for (int i = 0; i < jobs; i++) {
			fill.add(Job.of(BenchmarkRun.QUEUE, "Noop", i));
		}
		run.template().enqueueAll(fill);
		int queues = run.options().queues();
		if (queues > 1) {
			// empty queues that sort before the jobs' one: a "*" pool passes every one of them on each take
			String[] empty = new String[queues - 1];
			for (int i = 0; i < empty.length; i++) {
				empty[i] = String.format("a-%04d", i);
			}
			run.redis().opsForSet().add(run.keys().queues(), empty);
		}
		CompletionTracker tracker = new CompletionTracker(jobs);
		ResqueWorkerContainer workers = (queues > 1)
				? run.workers(run.connectionFactory(), List.of("*"), new NoopJob(tracker))
				: run.workers(new NoopJob(tracker));
		RunCosts costs = RunCosts.start(run);
		long start = System.nanoTime();
		long last;
		try {
			workers.start();
			last = tracker.awaitLast(Duration.ofSeconds(60 + jobs / 500));
		}
		finally {
			workers.stop();
		}
		return costs.result(jobs, last - start);
	}

}
