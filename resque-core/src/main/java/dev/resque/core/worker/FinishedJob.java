package dev.resque.core.worker;

import org.jspecify.annotations.Nullable;

/**
 * How a worker's last job ended: recorded by its next call of {@code work.lua}, together with taking the next
 * job, and only while the working-on record is still {@code record}.
 *
 * @param failedEntry the failed-queue entry, for a {@link JobOutcome#FAILURE} that is written there
 * @param error what the job failed with (retried or not), for its observation
 */
record FinishedJob(JobOutcome outcome, byte[] record, byte @Nullable [] failedEntry, @Nullable Throwable error) {

	/** The most characters of an error a job's status keeps. */
	static final int MAX_SUMMARY = 1_000;

	static FinishedJob ended(JobOutcome outcome, byte[] record) {
		return new FinishedJob(outcome, record, null, null);
	}

	/** An error as a job's status shows it: its class and message, cut to {@link #MAX_SUMMARY} characters. */
	static String summary(Throwable error) {
		String message = error.getMessage();
		String text = (message != null) ? error.getClass().getName() + ": " + message : error.getClass().getName();
		return (text.length() > MAX_SUMMARY) ? text.substring(0, MAX_SUMMARY - 1) + "\u2026" : text;
	}

}
