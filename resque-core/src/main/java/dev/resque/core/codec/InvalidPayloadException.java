package dev.resque.core.codec;

import dev.resque.core.job.ResqueException;

/** A payload read from Redis that is not a Resque job (malformed JSON, no {@code "class"}, ...). */
public class InvalidPayloadException extends ResqueException {

	public InvalidPayloadException(String message) {
		super(message);
	}

	public InvalidPayloadException(String message, Throwable cause) {
		super(message, cause);
	}

}
