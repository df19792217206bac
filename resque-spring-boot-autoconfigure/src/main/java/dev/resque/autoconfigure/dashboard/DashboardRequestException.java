package dev.resque.autoconfigure.dashboard;

/** A dashboard request that names something that is not there; answered with 400. */
class DashboardRequestException extends RuntimeException {

	DashboardRequestException(String message) {
		super(message);
	}

}
