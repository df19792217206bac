package dev.resque.core.codec;

/** A payload read from Redis that is not a Resque job (malformed JSON, no {@code "class"}, ...). */
public class InvalidPayloadException extends RuntimeException {

	public InvalidPayloadException(String message) {
		super(message);
	}

	public InvalidPayloadException(String message, Throwable cause) {
		super(message, cause);
	}

}
