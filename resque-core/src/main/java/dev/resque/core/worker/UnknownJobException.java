package dev.resque.core.worker;

/** A payload names a job this application has not registered. */
public class UnknownJobException extends RuntimeException {

	public UnknownJobException(String message) {
		super(message);
	}

}
