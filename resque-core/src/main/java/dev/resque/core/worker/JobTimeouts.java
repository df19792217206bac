package dev.resque.core.worker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Watches the jobs that have a timeout, for all workers of a container, from one platform thread of its own that
 * no job can hold up: at a job's deadline it interrupts the job's thread; if the job still runs a grace period
 * later, its worker is hung and handed to the container. A job without a timeout costs nothing here.
 */
final class JobTimeouts {

	private final @Nullable Duration defaultTimeout;

	private final Duration grace;

	private final HungWorkers hungWorkers;

	private final ScheduledExecutorService timer;

	/**
	 * @param defaultTimeout the timeout of jobs that declare none, or {@code null} for none
	 * @param grace how long a job may go on after its interrupt before its worker is taken for hung
	 * @param hungWorkers what to do with a hung worker
	 */
	JobTimeouts(@Nullable Duration defaultTimeout, Duration grace, HungWorkers hungWorkers) {
		this.defaultTimeout = defaultTimeout;
		this.grace = grace;
		this.hungWorkers = hungWorkers;
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "resque-timeouts");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** A job's timeout: its own, else the default; {@code null} for none. */
	@Nullable Duration timeoutOf(@Nullable Duration own) {
		return (own != null) ? own : this.defaultTimeout;
	}

	/**
	 * Interrupts the job at its deadline, and gives its worker up as hung if it still runs the grace period later.
	 * @return what to cancel when the job ends in time
	 */
	ScheduledFuture<?> watch(ResqueWorker worker, RunningJob running, Duration timeout) {
		return this.timer.schedule(() -> {
			if (running.interrupt(RunningJob.State.TIMED_OUT)) {
				this.timer.schedule(() -> {
					if (running.hang()) {
						this.hungWorkers.hung(worker, running, timeout);
					}
				}, this.grace.toNanos(), TimeUnit.NANOSECONDS);
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	void stop() {
		this.timer.shutdownNow();
	}

	/** What the container does with a worker whose job ignored the interrupt of its timeout. */
	@FunctionalInterface
	interface HungWorkers {

		void hung(ResqueWorker worker, RunningJob running, Duration timeout);

	}

}
