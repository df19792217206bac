package dev.resque.core.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobIds;
import dev.resque.core.codec.Utf8;
import dev.resque.core.event.JobCancelledEvent;
import dev.resque.core.event.JobRetryScheduledEvent;
import dev.resque.core.event.JobStartedEvent;
import dev.resque.core.event.JobSucceededEvent;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobCancelledException;
import dev.resque.core.observation.JobProcessContext;
import dev.resque.core.plugin.PerformContext;

/**
 * Runs one job a worker took, for all workers of a container: reads it, performs it with its plugins and tells
 * the listener, and says how it ended. A job that cannot be run (malformed, not UTF-8, too big, unknown,
 * arguments that do not bind) ends as failed like any other; whatever the job's own code throws is its outcome,
 * never the worker's end.
 */
final class JobProcessor {

	private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

	private static final String UNKNOWN_JOB = "unknown";

	private final WorkerContext context;

	private final FailureRecorder failures;

	JobProcessor(WorkerContext context) {
		this.context = context;
		this.failures = new FailureRecorder(context);
	}

	/**
	 * Reads the job and performs it inside the {@code resque.job.process} observation, tagged with queue, job
	 * ({@code unknown} for names no job here has: they come from payloads, and each would make new meters) and
	 * outcome ({@code success}, {@code failure}, {@code retried} or {@code dropped}). {@code brokeTheWorker} is
	 * set when handling this very job broke the worker before: it fails rather than runs again.
	 */
	FinishedJob process(ResqueWorker worker, TakenJob taken, boolean brokeTheWorker) {
		long started = System.nanoTime();
		String text = null;
		Job job = null;
		Throwable unreadable = null;
		try {
			text = readable(worker, taken);
			job = this.context.codec().decode(text, taken.queue());
			if (!job.queue().equals(taken.queue()) && !taken.queue().isEmpty()) {
				// the queue it was taken from, not what the payload claims: it is where a retry belongs, and a
				// payload's own field would let any writer name new queues in every meter
				job = new Job(job.name(), taken.queue(), job.args());
			}
		}
		catch (Throwable ex) {
			// an Error too (a payload too big for the heap, nesting too deep): the job fails, the worker lives
			unreadable = ex;
		}
		if (brokeTheWorker && unreadable == null) {
			unreadable = new IllegalStateException("Handling this job broke the worker before it could record an "
					+ "outcome; it was moved to the failed queue rather than run again");
		}
		String carried = (text != null) ? JobIds.of(text) : null;
		// another program's job has no id of its own: one derived from its bytes names it in events and logs
		String jobId = (carried != null) ? carried : JobIds.derived(taken.queue(), taken.payload());
		String trackedId = this.context.tracking().enabled() ? carried : null;
		String jobTag = (job != null && this.context.invoker().isRegistered(job.name())) ? job.name() : UNKNOWN_JOB;
		JobProcessContext processContext = new JobProcessContext(
				(text != null) ? this.context.codec().traceOf(text) : Map.of());
		Observation observation = Observation
			.createNotStarted("resque.job.process", () -> processContext, this.context.observations())
			.lowCardinalityKeyValue("queue", taken.queue())
			.lowCardinalityKeyValue("job", jobTag)
			.contextualName(taken.queue() + " process")
			.start();
		FinishedJob outcome = null;
		try (Observation.Scope scope = observation.openScope()) {
			outcome = (unreadable != null) ? this.failures.failed(worker, taken, job, text, unreadable, started, jobId)
					: perform(worker, taken, job, text, started, jobId, trackedId);
			return outcome;
		}
		finally {
			JobOutcome ended = (outcome != null) ? outcome.outcome() : JobOutcome.FAILURE;
			try {
				if (outcome != null && outcome.error() != null) {
					// the timer's error tag and a tracer's failed span, for a job that will run again too
					observation.error(outcome.error());
				}
				observation.lowCardinalityKeyValue("outcome", ended.tag());
				observation.stop();
			}
			catch (RuntimeException ex) {
				// an observation handler that fails must not cost the job its recorded outcome
				log.warn("Observing a job on worker {} failed: {}", worker.name(), ex.toString());
			}
		}
	}

	/** The payload as text, refused before any decoding when it is too big or not UTF-8. */
	private String readable(ResqueWorker worker, TakenJob taken) {
		if (taken.foreignRecord()) {
			throw new InvalidPayloadException("The working-on record of worker " + worker.name()
					+ " is not in the form this worker writes; it was moved to the failed queue as it was");
		}
		byte[] payload = taken.payload();
		long maxPayloadSize = this.context.maxPayloadSize();
		if (payload.length > maxPayloadSize) {
			throw new InvalidPayloadException("Payload is " + payload.length + " bytes, more than the limit of "
					+ maxPayloadSize + " bytes (resque.worker.max-payload-size); it was not decoded");
		}
		String text = Utf8.decode(payload);
		if (text == null) {
			int at = Math.max(0, Utf8.firstInvalidOffset(payload));
			throw new InvalidPayloadException("Payload is not valid UTF-8 (byte 0x" + Integer.toHexString(payload[at] & 0xff)
					+ " at offset " + at + "); its exact bytes are kept in payload_base64");
		}
		return text;
	}

	/**
	 * Calls the job, watched by its timeout if it has one and open to cancellation: past its timeout it fails with
	 * {@link JobTimeoutException}, and once cancelled with {@link JobCancelledException}, however it ended.
	 */
	private @Nullable Object invoke(ResqueWorker worker, TakenJob taken, Job job, String jobId,
			@Nullable String trackedId) throws Throwable {
		JobInvoker invoker = this.context.invoker();
		Duration timeout = this.context.timeouts().timeoutOf(invoker.timeout(job.name()));
		RunningJob running = new RunningJob(job, taken, jobId, new ProgressRecorder(this.context, worker.name(), worker.id(),
				trackedId));
		worker.running(running);
		ScheduledFuture<?> deadline = (timeout != null) ? this.context.timeouts().watch(worker, running, timeout) : null;
		Object result = null;
		Throwable thrown = null;
		try {
			result = invoker.invoke(job);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		finally {
			if (deadline != null) {
				deadline.cancel(false);
			}
			worker.running(null);
		}
		RunningJob.State stoppedBy = running.end();
		if (stoppedBy == RunningJob.State.CANCELLED) {
			throw new JobCancelledException(job.name(), thrown);
		}
		if (timeout != null && (stoppedBy == RunningJob.State.TIMED_OUT || stoppedBy == RunningJob.State.HUNG)) {
			throw new JobTimeoutException(job.name(), timeout, thrown);
		}
		if (thrown != null) {
			throw thrown;
		}
		return result;
	}

	private FinishedJob perform(ResqueWorker worker, TakenJob taken, Job job, String text, long started, String jobId,
			@Nullable String trackedId) {
		PerformContext run = this.context.plugins().perform(job, worker.name(), trackedId, () -> {
			this.context.listener().jobStarted(new JobStartedEvent(worker.name(), job, jobId));
			return invoke(worker, taken, job, jobId, trackedId);
		});
		if (run == null) {
			worker.jobEnded();
			return FinishedJob.ended(JobOutcome.DROPPED, taken.record());
		}
		try {
			Throwable failure = run.failure();
			if (failure == null) {
				Duration duration = Duration.ofNanos(System.nanoTime() - started);
				this.context.listener()
					.jobSucceeded(new JobSucceededEvent(worker.name(), job, run.result(), duration, jobId));
				return FinishedJob.ended(JobOutcome.SUCCESS, taken.record());
			}
			if (failure instanceof JobCancelledException cancelled && !worker.isAbandoned()) {
				log.info("Job {} from queue {} was cancelled on worker {}", job.name(), taken.queue(), worker.name());
				this.context.listener()
					.jobCancelled(new JobCancelledEvent(worker.name(), job, Duration.ofNanos(System.nanoTime() - started),
							jobId));
				return new FinishedJob(JobOutcome.CANCELLED, taken.record(), null, cancelled);
			}
			if (run.retryDelay() != null && !worker.isAbandoned()) {
				log.debug("Job {} from queue {} failed on worker {} and runs again in {}: {}", job.name(),
						taken.queue(), worker.name(), run.retryDelay(), failure.toString());
				this.context.listener()
					.jobRetryScheduled(new JobRetryScheduledEvent(worker.name(), job, failure, run.retryDelay(), jobId));
				return new FinishedJob(JobOutcome.RETRIED, taken.record(), null, failure);
			}
			return this.failures.failed(worker, taken, job, text, failure, started, jobId);
		}
		finally {
			worker.jobEnded();
			if (worker.isStopping()) {
				// an interrupt meant for a job that outlived the shutdown timeout must not reach the next step
				Thread.interrupted();
			}
		}
	}

}
