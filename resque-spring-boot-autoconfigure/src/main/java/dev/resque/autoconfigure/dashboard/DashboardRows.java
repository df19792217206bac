package dev.resque.autoconfigure.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.StoredEntry;

/**
 * Stored entries as the page shows them. Every row carries the entry's stored text ({@code raw}): actions send it
 * back, so that they reach exactly the entry the user saw, wherever it has moved since, or nothing.
 */
final class DashboardRows {

	private DashboardRows() {
	}

	static Map<String, Object> failed(FailedJob job) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("id", job.jobId());
		row.put("worker", job.worker());
		row.put("queue", job.queue());
		row.put("job", job.payload());
		row.put("exception", job.exception());
		row.put("error", job.error());
		row.put("backtrace", job.backtrace());
		row.put("failedAt", job.failedAt());
		row.put("raw", job.json());
		return row;
	}

	static Map<String, Object> entry(StoredEntry entry) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("id", entry.jobId());
		row.put("job", entry.job());
		row.put("raw", entry.raw());
		if (entry.job() == null) {
			row.put("problem", "Not a job: this entry cannot be read as one");
		}
		return row;
	}

	/** The failure's class and message in one line, as search and filters read it. */
	static @Nullable String error(@Nullable FailedJob failure) {
		return (failure != null) ? failure.exception() + ": " + failure.error() : null;
	}

}
