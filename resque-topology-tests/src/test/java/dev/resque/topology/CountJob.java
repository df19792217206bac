package dev.resque.topology;

import dev.resque.core.job.ResqueJob;

/** Counts its id and takes a few milliseconds, so a drain is still going on when the master is killed. */
@ResqueJob(queue = "work")
public class CountJob {

	private final JobRuns runs;

	CountJob(JobRuns runs) {
		this.runs = runs;
	}

	public void perform(String id, int millis) throws InterruptedException {
		Thread.sleep(millis);
		this.runs.ran(id);
	}

}
