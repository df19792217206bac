package dev.resque.core.plugin;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/** A job a worker performs, and how it went so far. Plugins may change the outcome in {@code afterPerform}. */
public final class PerformContext {

	private final Job job;

	private final String worker;

	private final @Nullable String jobId;

	private @Nullable Object result;

	private @Nullable Throwable failure;

	private @Nullable Duration retryDelay;

	private final Map<String, Object> attributes = new HashMap<>();

	public PerformContext(Job job, String worker) {
		this(job, worker, null);
	}

	public PerformContext(Job job, String worker, @Nullable String jobId) {
		this.job = job;
		this.worker = worker;
		this.jobId = jobId;
	}

	public Job job() {
		return this.job;
	}

	/** The id of the job being performed, {@code null} for a job that is not tracked (another program's). */
	public @Nullable String jobId() {
		return this.jobId;
	}

	/** The worker's name. */
	public String worker() {
		return this.worker;
	}

	public @Nullable Object result() {
		return this.result;
	}

	public void result(@Nullable Object result) {
		this.result = result;
	}

	/** Why the job failed, or {@code null} when it succeeded (so far). */
	public @Nullable Throwable failure() {
		return this.failure;
	}

	public void failure(@Nullable Throwable failure) {
		this.failure = failure;
		this.retryDelay = null;
	}

	/** Turns a failure into a success. */
	public void clearFailure() {
		this.failure = null;
		this.retryDelay = null;
	}

	/**
	 * Records that the failed job was scheduled to run again: it is counted as failed but not written to the
	 * failed queue.
	 */
	public void retryScheduled(Duration delay) {
		this.retryDelay = delay;
	}

	/** The delay of the retry scheduled for this failure, or {@code null}. */
	public @Nullable Duration retryDelay() {
		return (this.failure != null) ? this.retryDelay : null;
	}

	/** Keeps a value for this job between a plugin's {@code beforePerform} and {@code afterPerform}. */
	public void attribute(String name, Object value) {
		this.attributes.put(name, value);
	}

	public @Nullable Object attribute(String name) {
		return this.attributes.get(name);
	}

}
