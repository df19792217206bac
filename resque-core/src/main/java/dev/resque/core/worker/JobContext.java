package dev.resque.core.worker;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * The job running on the calling thread, as its own code sees it: its id, whether it was cancelled, and where it
 * reports its progress. One instance serves every thread ({@link #current()}); the starter makes it a bean, so a
 * job may have it injected and call it from {@code perform}:
 *
 * <pre class="code">
 * &#64;ResqueJob(queue = "reports")
 * class BuildReport {
 *     private final JobContext context;
 *     BuildReport(JobContext context) { this.context = context; }
 *     public void perform(String month) {
 *         for (int part = 1; part &lt;= 10; part++) {
 *             render(month, part);
 *             context.progress(part * 10, "part " + part + " of 10");
 *         }
 *     }
 * }
 * </pre>
 *
 * Called outside a worker's job (the test modes, a plain method call), it reports no job and records nothing.
 */
public final class JobContext {

	private static final JobContext INSTANCE = new JobContext();

	private JobContext() {
	}

	/** The context of whichever job runs on the calling thread. */
	public static JobContext current() {
		return INSTANCE;
	}

	/** Whether the calling thread runs a worker's job. */
	public boolean isActive() {
		return RunningJob.current() != null;
	}

	/** The running job, or {@code null} outside one. */
	public @Nullable Job job() {
		RunningJob running = RunningJob.current();
		return (running != null) ? running.job() : null;
	}

	/**
	 * The running job's id (the one its status is kept under, or for another program's job one derived from its
	 * payload), or {@code null} outside a job.
	 */
	public @Nullable String jobId() {
		RunningJob running = RunningJob.current();
		return (running != null) ? running.jobId() : null;
	}

	/**
	 * The running attempt's fencing token, for writes that a stale attempt of the same job must not apply after a
	 * newer one; {@code null} outside a job and for a job that is not tracked (it has no epoch).
	 */
	public @Nullable FencingToken fencingToken() {
		RunningJob running = RunningJob.current();
		long attempt = (running != null) ? running.taken().attempt() : 0;
		return (attempt > 0) ? new FencingToken(running.jobId(), attempt) : null;
	}

	/** Whether the running job was cancelled: a long job may look and stop early. */
	public boolean isCancellationRequested() {
		return JobCancellation.isRequested();
	}

	/**
	 * Reports how far the running job is: kept in its status (read by {@code ResqueAdmin.jobs().status(id)} on any
	 * instance) and sent to the listeners as a {@link dev.resque.core.event.JobProgressEvent}. One small script
	 * per call: report at steps, not in a tight loop.
	 * @param percent 0 to 100
	 * @param message what it is doing, or {@code null}; cut to 500 characters
	 * @throws IllegalArgumentException when {@code percent} is out of range
	 */
	public void progress(int percent, @Nullable String message) {
		RunningJob running = RunningJob.current();
		if (running != null) {
			running.progress(percent, message);
		}
		else if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("Progress is a percentage from 0 to 100, not " + percent);
		}
	}

	public void progress(int percent) {
		progress(percent, null);
	}

}
