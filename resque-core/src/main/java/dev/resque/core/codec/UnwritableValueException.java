package dev.resque.core.codec;

import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

/**
 * A value that has no faithful JSON form. The message completes "argument 2 (type) ..."; {@link #path()} says
 * where inside the value, growing as the writer unwinds out of the lists and maps it was in. Callers turn it into
 * a {@link JobEncodingException} that names the job and the argument.
 */
final class UnwritableValueException extends IllegalArgumentException {

	private final String predicate;

	private final boolean pathAfter;

	private final Deque<String> path = new ArrayDeque<>();

	/**
	 * @param predicate what is wrong, completing "argument 2 (type) at [0] ..."
	 * @param pathAfter whether the place reads better after the predicate ("contains itself (at [0])")
	 */
	UnwritableValueException(String predicate, boolean pathAfter) {
		this(predicate, pathAfter, null);
	}

	UnwritableValueException(String predicate, boolean pathAfter, @Nullable Throwable cause) {
		super(predicate, cause);
		this.predicate = predicate;
		this.pathAfter = pathAfter;
	}

	UnwritableValueException at(int index) {
		this.path.addFirst("[" + index + "]");
		return this;
	}

	UnwritableValueException at(String key) {
		if (isIdentifier(key)) {
			this.path.addFirst("." + key);
		}
		else {
			StringBuilder quoted = new StringBuilder("[");
			JsonStrings.append(quoted, key);
			this.path.addFirst(quoted.append(']').toString());
		}
		return this;
	}

	/** Where inside the value, {@code [1].items[0]}; empty for the value itself, cut short past ten steps. */
	String path() {
		if (this.path.size() <= 10) {
			return String.join("", this.path);
		}
		return String.join("", this.path.stream().limit(8).toList()) + "...";
	}

	/** "subject at [1].price is NaN, ...", or "subject contains itself (at [0])". */
	String describe(String subject) {
		if (this.path.isEmpty()) {
			return subject + " " + this.predicate;
		}
		return this.pathAfter ? subject + " " + this.predicate + " (at " + path() + ")"
				: subject + " at " + path() + " " + this.predicate;
	}

	private static boolean isIdentifier(String key) {
		if (key.isEmpty() || !Character.isJavaIdentifierStart(key.charAt(0)) || key.length() > 64) {
			return false;
		}
		for (int i = 1; i < key.length(); i++) {
			if (!Character.isJavaIdentifierPart(key.charAt(i)) || key.charAt(i) > 0x7f) {
				return false;
			}
		}
		return key.charAt(0) <= 0x7f;
	}

}
