package dev.resque.topology;

import dev.resque.core.job.ResqueJob;

/** Always fails, so the failed queue is used. */
@ResqueJob(queue = "work")
public class FailJob {

	public void perform(String reason) {
		throw new IllegalStateException(reason);
	}

}
