package dev.resque.core.job;

import org.jspecify.annotations.Nullable;

/**
 * The application's Resque set-up cannot work: a job class, two job names, a schedule, a worker pool or the
 * dashboard is configured so that it could not run. Raised at startup; it says what is wrong and what to do about
 * it, which Spring Boot prints as the "APPLICATION FAILED TO START" description and action.
 */
public class ResqueConfigurationException extends ResqueException {

	private final String description;

	private final String action;

	public ResqueConfigurationException(String description, String action) {
		this(description, action, null);
	}

	public ResqueConfigurationException(String description, String action, @Nullable Throwable cause) {
		super(description + " " + action, cause);
		this.description = description;
		this.action = action;
	}

	/** What is wrong, naming the class, property or bean. */
	public String description() {
		return this.description;
	}

	/** What to change. */
	public String action() {
		return this.action;
	}

}
