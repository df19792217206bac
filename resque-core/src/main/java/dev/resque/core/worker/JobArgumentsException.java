package dev.resque.core.worker;

/** A job's arguments cannot be bound to any of its {@code perform} methods. */
public class JobArgumentsException extends RuntimeException {

	public JobArgumentsException(String message, Throwable cause) {
		super(message, cause);
	}

}
