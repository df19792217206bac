package dev.resque.core.worker;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A job while its {@code perform} runs, on the thread that runs it: what may stop it (its timeout, a cancellation)
 * interrupts that thread through here. Every step is synchronized with the job's end, so an interrupt meant for this
 * job never reaches the thread's next one.
 */
final class RunningJob {

	private static final ThreadLocal<RunningJob> CURRENT = new ThreadLocal<>();

	private final Job job;

	private final TakenJob taken;

	private final Thread thread;

	private final String jobId;

	private final @Nullable ProgressRecorder progress;

	private State state = State.RUNNING;

	RunningJob(Job job, TakenJob taken) {
		this(job, taken, "", null);
	}

	/**
	 * @param jobId the job's id (tracked or derived)
	 * @param progress where its progress reports go, {@code null} for nowhere
	 */
	RunningJob(Job job, TakenJob taken, String jobId, @Nullable ProgressRecorder progress) {
		this.job = job;
		this.taken = taken;
		this.jobId = jobId;
		this.progress = progress;
		this.thread = Thread.currentThread();
		CURRENT.set(this);
	}

	String jobId() {
		return this.jobId;
	}

	/** Records a progress report of the job, from its own thread. */
	void progress(int percent, @Nullable String message) {
		if (this.progress != null) {
			this.progress.record(this, percent, message);
		}
	}

	/** The job running on the calling thread, if it is a worker's in {@code perform}. */
	static @Nullable RunningJob current() {
		return CURRENT.get();
	}

	Job job() {
		return this.job;
	}

	TakenJob taken() {
		return this.taken;
	}

	Thread thread() {
		return this.thread;
	}

	/**
	 * Interrupts the job, for its timeout or a cancellation, unless it has ended or was interrupted already.
	 * @return whether this call interrupted it
	 */
	synchronized boolean interrupt(State reason) {
		if (this.state != State.RUNNING) {
			return false;
		}
		this.state = reason;
		this.thread.interrupt();
		return true;
	}

	/** Whether the job was cancelled (and has not ended yet): what a job may check for itself. */
	synchronized boolean isCancelled() {
		return this.state == State.CANCELLED;
	}

	/**
	 * The job's timeout interrupt was ignored for the grace period.
	 * @return whether it still runs, interrupted for its timeout: its worker is then hung
	 */
	synchronized boolean hang() {
		if (this.state != State.TIMED_OUT) {
			return false;
		}
		this.state = State.HUNG;
		return true;
	}

	/**
	 * The job returned or threw.
	 * @return what stopped it: {@link State#RUNNING} when nothing did
	 */
	synchronized State end() {
		State ended = this.state;
		if (ended == State.TIMED_OUT || ended == State.CANCELLED) {
			// the interrupt was for this job: the worker's next call must not see it
			Thread.interrupted();
		}
		this.state = State.ENDED;
		CURRENT.remove();
		return ended;
	}

	enum State {

		/** Running, nothing stopped it. */
		RUNNING,

		/** Interrupted for its timeout. */
		TIMED_OUT,

		/** Its timeout's interrupt was ignored: its worker was given up on. */
		HUNG,

		/** Interrupted by a cancellation. */
		CANCELLED,

		/** Returned or threw. */
		ENDED

	}

}
