package dev.resque.topology;

import dev.resque.core.job.ResqueJob;

/** A recurring job on a queue of a shard: its runs show that the shard's scheduler fired it. */
@ResqueJob(queue = "exports")
public class TickJob {

	private final JobRuns runs;

	TickJob(JobRuns runs) {
		this.runs = runs;
	}

	public void perform() {
		this.runs.ran("tick");
	}

}
