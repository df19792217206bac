package dev.resque.core.codec;

/** Arguments of a job that cannot be written as JSON; nothing was sent to Redis. */
public class JobEncodingException extends RuntimeException {

	public JobEncodingException(String message, Throwable cause) {
		super(message, cause);
	}

}
