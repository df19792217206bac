package dev.resque.test;

/** A job performed inline threw a checked exception; it is the cause. */
public class JobPerformException extends RuntimeException {

	public JobPerformException(String message, Throwable cause) {
		super(message, cause);
	}

}
