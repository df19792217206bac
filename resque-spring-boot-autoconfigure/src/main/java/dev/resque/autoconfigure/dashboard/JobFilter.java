package dev.resque.autoconfigure.dashboard;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a user typed to find jobs: text matched, case-insensitively, against a job's name, its stored payload
 * (arguments included) and its error; optionally a queue and an error class. An empty filter matches everything.
 *
 * @param text the words to find, or empty
 * @param queue only jobs of this queue, or empty
 * @param exception only failures whose error class contains this, or empty
 */
record JobFilter(String text, String queue, String exception) {

	static final JobFilter NONE = new JobFilter("", "", "");

	JobFilter {
		text = normalized(text);
		queue = (queue != null) ? queue.trim() : "";
		exception = normalized(exception);
	}

	static JobFilter of(@Nullable String text, @Nullable String queue, @Nullable String exception) {
		return new JobFilter(orEmpty(text), orEmpty(queue), orEmpty(exception));
	}

	boolean isEmpty() {
		return this.text.isEmpty() && this.queue.isEmpty() && this.exception.isEmpty();
	}

	/**
	 * Whether a job matches.
	 * @param queue its queue
	 * @param name its name, or null when its entry is not a job
	 * @param stored its stored text (payload or failed entry)
	 * @param error its error class and message, or null
	 */
	boolean matches(@Nullable String queue, @Nullable String name, @Nullable String stored, @Nullable String error) {
		if (!this.queue.isEmpty() && !this.queue.equals(queue)) {
			return false;
		}
		if (!this.exception.isEmpty() && (error == null || !lower(error).contains(this.exception))) {
			return false;
		}
		return this.text.isEmpty() || contains(name) || contains(stored) || contains(error);
	}

	private boolean contains(@Nullable String value) {
		return value != null && lower(value).contains(this.text);
	}

	private static String lower(String value) {
		return value.toLowerCase(Locale.ROOT);
	}

	private static String normalized(@Nullable String value) {
		return (value != null) ? lower(value.trim()) : "";
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
