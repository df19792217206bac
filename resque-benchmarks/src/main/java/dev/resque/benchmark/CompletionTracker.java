package dev.resque.benchmark;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts completions (performs started, jobs moved) and notes when the last expected one came. */
final class CompletionTracker {

	private final int expected;

	private final AtomicInteger remaining;

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile long finishedAt;

	CompletionTracker(int expected) {
		this.expected = expected;
		this.remaining = new AtomicInteger(expected);
	}

	void completed() {
		if (this.remaining.decrementAndGet() == 0) {
			this.finishedAt = System.nanoTime();
			this.done.countDown();
		}
	}

	/**
	 * Waits for the last completion and returns its {@link System#nanoTime()}.
	 * @throws IllegalStateException when it does not come in time (a stuck run should fail, not hang)
	 */
	long awaitLast(Duration timeout) throws InterruptedException {
		if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Only " + (this.expected - this.remaining.get()) + " of " + this.expected
					+ " jobs completed within " + timeout);
		}
		return this.finishedAt;
	}

}
