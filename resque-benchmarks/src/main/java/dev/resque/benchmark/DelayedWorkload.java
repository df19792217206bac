package dev.resque.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.event.DelayedJobsMovedEvent;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;

/**
 * Jobs delayed to 1,000 seconds in the past, then a scheduler started: the time from its start until every job
 * is on its queue.
 */
final class DelayedWorkload implements Workload {

	private static final int TIMESTAMPS = 1_000;

	/** Filling is not measured; a few threads make it quicker. */
	private static final int FILL_THREADS = 4;

	@Override
	public RunResult run(BenchmarkRun run) throws InterruptedException, ExecutionException {
		int jobs = run.jobs();
		fill(run.template(), jobs);
		MoveCounter moved = new MoveCounter(jobs);
		ResqueScheduler scheduler = new ResqueScheduler(run.connectionFactory(), run.keys(), run.codec(),
				SchedulerSettings.defaults(), List::of, moved);
		RunCosts costs = RunCosts.start(run);
		long start = System.nanoTime();
		long last;
		try {
			scheduler.start();
			last = moved.tracker.awaitLast(Duration.ofSeconds(60 + jobs / 500));
		}
		finally {
			scheduler.stop();
		}
		return costs.result(jobs, last - start);
	}

	private static void fill(ResqueTemplate template, int jobs) throws InterruptedException, ExecutionException {
		long firstSecond = Instant.now().getEpochSecond() - TIMESTAMPS - 1;
		ExecutorService executor = Executors.newFixedThreadPool(FILL_THREADS);
		try {
			List<Future<?>> parts = new ArrayList<>();
			for (int t = 0; t < FILL_THREADS; t++) {
				int part = t;
				parts.add(executor.submit(() -> {
					for (int i = part; i < jobs; i += FILL_THREADS) {
						Instant at = Instant.ofEpochSecond(firstSecond + (i % TIMESTAMPS));
						template.enqueueAt(at, BenchmarkRun.QUEUE, "Noop", List.of(i));
					}
				}));
			}
			for (Future<?> part : parts) {
				part.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	/** Counts the jobs the scheduler reports moved. */
	private static final class MoveCounter implements ResqueSchedulerListener {

		private final CompletionTracker tracker;

		MoveCounter(int jobs) {
			this.tracker = new CompletionTracker(jobs);
		}

		@Override
		public void delayedJobsMoved(DelayedJobsMovedEvent event) {
			for (long i = 0; i < event.count(); i++) {
				this.tracker.completed();
			}
		}

	}

}
