package dev.resque.benchmark;

import dev.resque.core.job.ResqueJob;

/**
 * A job that carries the {@link System#nanoTime()} of its enqueue and notes, as its perform starts, how long it
 * waited. Enqueue and perform run in the same JVM, so the clocks agree.
 */
@ResqueJob(name = "Latency", queue = BenchmarkRun.QUEUE)
public class LatencyJob {

	private final LatencyRecorder recorder;

	LatencyJob(LatencyRecorder recorder) {
		this.recorder = recorder;
	}

	public void perform(int index, long enqueuedAtNanos) {
		this.recorder.record(index, System.nanoTime() - enqueuedAtNanos);
	}

}
