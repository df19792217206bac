package dev.resque.core.worker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Turns an exception into the exception, error and backtrace fields of a failed record. */
final class Failures {

	private static final int MAX_BACKTRACE_LINES = 200;

	private Failures() {
	}

	static String exception(Throwable ex) {
		return ex.getClass().getName();
	}

	static String error(Throwable ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	static List<String> backtrace(Throwable ex) {
		List<String> lines = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Throwable current = ex;
		while (current != null && seen.add(current) && lines.size() < MAX_BACKTRACE_LINES) {
			if (current != ex) {
				lines.add("Caused by: " + current);
			}
			for (StackTraceElement frame : current.getStackTrace()) {
				if (lines.size() >= MAX_BACKTRACE_LINES) {
					break;
				}
				lines.add("at " + frame);
			}
			current = current.getCause();
		}
		return lines;
	}

}
