package dev.resque.benchmark;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.worker.ResqueWorkerContainer;

/**
 * Jobs enqueued at a steady rate to idle workers: the wait of each from its enqueue to the start of its perform.
 * The workers poll Redis at the default interval; what brings the wait down is the wake-up our enqueue sends.
 */
final class LatencyWorkload implements Workload {

	/** Time for the workers to register, subscribe and fall idle before the first job. */
	private static final Duration SETTLE = Duration.ofMillis(500);

	@Override
	public RunResult run(BenchmarkRun run) throws InterruptedException {
		int jobs = run.jobs();
		long interval = 1_000_000_000L / run.options().rate();
		LatencyRecorder recorder = new LatencyRecorder(jobs);
		ResqueWorkerContainer workers = run.workers(new LatencyJob(recorder));
		ResqueTemplate template = run.template();
		double[] waits;
		try {
			workers.start();
			Thread.sleep(SETTLE.toMillis());
			long start = System.nanoTime();
			for (int i = 0; i < jobs; i++) {
				long due = start + i * interval;
				for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
					LockSupport.parkNanos(due - now);
				}
				template.enqueue(LatencyJob.class, i, System.nanoTime());
			}
			waits = recorder.awaitAll(Duration.ofSeconds(30));
		}
		finally {
			workers.stop();
		}
		return new RunResult().with("rate_per_s", run.options().rate()).withAll(RunResult.percentiles(waits));
	}

}
