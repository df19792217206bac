package dev.resque.core.queue;

/**
 * What a cancellation found of a job.
 *
 * @param queued copies removed from its queue
 * @param delayed times it was removed from in the schedule of delayed jobs
 * @param running workers running it when it was cancelled, by their working-on records (each of our workers
 * interrupts it within moments; node-resque's and Ruby's workers do not listen and run it to its end)
 */
public record Cancellation(long queued, int delayed, long running) {

	/** Whether anything of the job was found. */
	public boolean found() {
		return this.queued > 0 || this.delayed > 0 || this.running > 0;
	}

}
