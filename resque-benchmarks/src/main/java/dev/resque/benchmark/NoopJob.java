package dev.resque.benchmark;

import dev.resque.core.job.ResqueJob;

/** A job that does nothing but count, so that a drain measures the queue machinery alone. */
@ResqueJob(name = "Noop", queue = BenchmarkRun.QUEUE)
public class NoopJob {

	private final CompletionTracker tracker;

	NoopJob(CompletionTracker tracker) {
		this.tracker = tracker;
	}

	public void perform(int index) {
		this.tracker.completed();
	}

}
