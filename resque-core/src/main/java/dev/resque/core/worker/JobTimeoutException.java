package dev.resque.core.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Durations;
import dev.resque.core.job.ResqueException;

/**
 * A job ran past its timeout ({@code @ResqueJob(timeout)} or the workers' {@code job-timeout}): its thread was
 * interrupted, and whatever it did after that, it failed with this. Retry plugins see it like any other failure.
 * The cause is what the job threw once interrupted, if it threw.
 */
public class JobTimeoutException extends ResqueException {

	private final Duration timeout;

	public JobTimeoutException(String jobName, Duration timeout, @Nullable Throwable cause) {
		super("Job " + jobName + " ran past its timeout of " + Durations.format(timeout) + " and was interrupted", cause);
		this.timeout = timeout;
	}

	public Duration timeout() {
		return this.timeout;
	}

}
