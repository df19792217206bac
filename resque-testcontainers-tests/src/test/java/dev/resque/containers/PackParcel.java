package dev.resque.containers;

import dev.resque.core.job.ResqueJob;

/** Packs a parcel, which takes as long as the job says: jobs that take a while stay queued behind each other. */
@ResqueJob(queue = "parcels")
public class PackParcel {

	private final JobRuns runs;

	PackParcel(JobRuns runs) {
		this.runs = runs;
	}

	public void perform(String parcelId, long packingMillis) throws InterruptedException {
		Thread.sleep(packingMillis);
		this.runs.ran(parcelId);
	}

}
