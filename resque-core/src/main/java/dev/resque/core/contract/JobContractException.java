package dev.resque.core.contract;

import dev.resque.core.job.ResqueException;

/** A job enqueued by name does not fit the contract its job published: it is not enqueued. */
public class JobContractException extends ResqueException {

	public JobContractException(String message) {
		super(message);
	}

}
