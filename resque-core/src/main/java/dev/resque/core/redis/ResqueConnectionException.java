package dev.resque.core.redis;

import org.springframework.dao.DataAccessResourceFailureException;

/** Redis cannot be reached; the message names the server that was tried. */
public class ResqueConnectionException extends DataAccessResourceFailureException {

	public ResqueConnectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
