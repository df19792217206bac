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

	static FinishedJob ended(JobOutcome outcome, byte[] record) {
		return new FinishedJob(outcome, record, null, null);
	}

}
