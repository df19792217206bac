package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.job.Job;

/**
 * Turns a job that failed for good into its failed-queue entry, logs it once at WARN and tells the listener. The
 * entry is written by the worker's next {@code work.lua} call, with the counters, in the step that takes the
 * next job.
 */
final class FailureRecorder {

	private static final Logger log = LoggerFactory.getLogger(FailureRecorder.class);

	private final WorkerContext context;

	FailureRecorder(WorkerContext context) {
		this.context = context;
	}

	/**
	 * The outcome of a job that failed with {@code ex}: {@code job} and {@code text} are null when the payload
	 * could not be read that far, and {@code started} is the {@link System#nanoTime()} at which it was taken.
	 */
	FinishedJob failed(ResqueWorker worker, TakenJob taken, @Nullable Job job, @Nullable String text, Throwable ex,
			long started, String jobId) {
		Duration duration = Duration.ofNanos(System.nanoTime() - started);
		worker.jobEnded();
		if (worker.isAbandoned()) {
			log.debug("Abandoned job on worker {} ended with {}", worker.name(), ex.toString());
			return new FinishedJob(JobOutcome.FAILURE, taken.record(), null, ex);
		}
		String jobName = (job != null) ? job.name() : "(unreadable payload)";
		log.warn("Job {} from queue {} failed on worker {}: {}", jobName, taken.queue(), worker.name(), ex.toString());
		// the registration id, as Ruby Resque writes it: resque-web links the failure to the worker by it
		String entry = this.context.codec().encodeFailure(worker.id(), taken.queue(), taken.payload(),
				Failures.exception(ex), Failures.error(ex), Failures.backtrace(ex), this.context.clock().instant());
		String shown = (text != null) ? text : new String(taken.payload(), StandardCharsets.UTF_8);
		this.context.listener().jobFailed(new JobFailedEvent(worker.name(), taken.queue(), job, shown, ex, duration,
				jobId));
		if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
			log.error("Worker {} hit {}", worker.name(), error.toString());
		}
		return new FinishedJob(JobOutcome.FAILURE, taken.record(), entry.getBytes(StandardCharsets.UTF_8), ex);
	}

}
