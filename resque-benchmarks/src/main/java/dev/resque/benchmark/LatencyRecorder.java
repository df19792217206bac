package dev.resque.benchmark;

import java.time.Duration;

/** The wait of each job from enqueue to the start of its perform. */
final class LatencyRecorder {

	private final long[] nanos;

	private final CompletionTracker tracker;

	LatencyRecorder(int jobs) {
		this.nanos = new long[jobs];
		this.tracker = new CompletionTracker(jobs);
	}

	void record(int index, long waitedNanos) {
		this.nanos[index] = waitedNanos;
		this.tracker.completed();
	}

	/** Waits for every job and returns the waits in milliseconds. */
	double[] awaitAll(Duration timeout) throws InterruptedException {
		this.tracker.awaitLast(timeout);
		double[] millis = new double[this.nanos.length];
		for (int i = 0; i < millis.length; i++) {
			millis[i] = this.nanos[i] / 1e6;
		}
		return millis;
	}

}
