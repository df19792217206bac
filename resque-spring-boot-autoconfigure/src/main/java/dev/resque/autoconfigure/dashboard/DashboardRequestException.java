package dev.resque.autoconfigure.dashboard;

import dev.resque.core.job.ResqueException;

/** A dashboard request that names something that is not there; answered with 400. */
class DashboardRequestException extends ResqueException {

	DashboardRequestException(String message) {
		super(message);
	}

}
