package dev.resque.core.worker;

/**
 * For a job's own code: whether the job running on this thread has been cancelled. A cancellation interrupts the
 * job's thread, which ends blocking calls at once; a job that computes without blocking can look here between steps
 * and stop early.
 *
 * <pre class="code">
 * for (Invoice invoice : invoices) {
 *     if (JobCancellation.isRequested()) {
 *         return;                  // recorded as cancelled, however it ends
 *     }
 *     send(invoice);
 * }
 * </pre>
 */
public final class JobCancellation {

	private JobCancellation() {
	}

	/** Whether the job running on the calling thread was cancelled; {@code false} outside a worker's job. */
	public static boolean isRequested() {
		RunningJob running = RunningJob.current();
		return running != null && running.isCancelled();
	}

}
