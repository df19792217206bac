package dev.resque.containers;

import dev.resque.core.job.ResqueJob;

/** Ships an order. */
@ResqueJob(queue = "orders")
public class ShipOrder {

	private final JobRuns runs;

	ShipOrder(JobRuns runs) {
		this.runs = runs;
	}

	public void perform(String orderId, int items) {
		this.runs.ran(orderId);
	}

}
