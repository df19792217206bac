package dev.resque.core.worker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

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

	/** Starts watching a job that runs on the calling thread. */
	Watch watch(ResqueWorker worker, TakenJob taken, Job job, Duration timeout) {
		Watch watch = new Watch(worker, taken, job, timeout, Thread.currentThread());
		watch.start();
		return watch;
	}

	void stop() {
		this.timer.shutdownNow();
	}

	/** What the container does with a worker whose job ignored its interrupt. */
	@FunctionalInterface
	interface HungWorkers {

		void hung(ResqueWorker worker, TakenJob taken, Job job, Duration timeout, Thread thread);

	}

	/** One job being watched. Its steps are synchronized, so an interrupt never reaches the thread's next job. */
	final class Watch {

		private final ResqueWorker worker;

		private final TakenJob taken;

		private final Job job;

		private final Duration timeout;

		private final Thread thread;

		private State state = State.RUNNING;

		private @Nullable ScheduledFuture<?> next;

		private Watch(ResqueWorker worker, TakenJob taken, Job job, Duration timeout, Thread thread) {
			this.worker = worker;
			this.taken = taken;
			this.job = job;
			this.timeout = timeout;
			this.thread = thread;
		}

		private synchronized void start() {
			this.next = JobTimeouts.this.timer.schedule(this::expire, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}

		private synchronized void expire() {
			if (this.state == State.RUNNING) {
				this.state = State.INTERRUPTED;
				this.thread.interrupt();
				this.next = JobTimeouts.this.timer.schedule(this::hang, JobTimeouts.this.grace.toNanos(),
						TimeUnit.NANOSECONDS);
			}
		}

		private void hang() {
			synchronized (this) {
				if (this.state != State.INTERRUPTED) {
					return;
				}
				this.state = State.HUNG;
			}
			JobTimeouts.this.hungWorkers.hung(this.worker, this.taken, this.job, this.timeout, this.thread);
		}

		/**
		 * The job returned or threw.
		 * @return whether it had run past its timeout (it then fails, whatever it did)
		 */
		synchronized boolean end() {
			if (this.next != null) {
				this.next.cancel(false);
			}
			boolean late = this.state != State.RUNNING;
			if (this.state == State.INTERRUPTED) {
				// the interrupt was for this job: the worker's next call must not see it
				Thread.interrupted();
			}
			this.state = State.ENDED;
			return late;
		}

	}

	private enum State {

		RUNNING, INTERRUPTED, HUNG, ENDED

	}

}
