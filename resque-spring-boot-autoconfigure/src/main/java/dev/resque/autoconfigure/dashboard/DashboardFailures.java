package dev.resque.autoconfigure.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.resque.core.admin.FailureView;
import dev.resque.core.queue.FailedJob;

/**
 * The Failed tab: newest first, filtered by text, queue and error class, and acted on by content. An action names
 * the entry by its stored text, never by its place in the list, so that a list changing underneath (a worker
 * failing another job, another user retrying one) cannot make a click reach another entry.
 */
class DashboardFailures {

	/** How many entries a filtered view reads at most, newest first: a filter never reads a huge list whole. */
	static final int SCAN_LIMIT = 10_000;

	private static final int CHUNK = 500;

	private final FailureView failures;

	DashboardFailures(FailureView failures) {
		this.failures = failures;
	}

	/** A page of the entries that match, newest first, with how many matched among how many were read. */
	Map<String, Object> page(JobFilter filter, int start, int count) {
		long total = this.failures.count();
		List<Map<String, Object>> rows = new ArrayList<>();
		long matched = 0;
		long scanned = 0;
		if (filter.isEmpty()) {
			// the newest entry is the last of the list
			long stop = total - 1 - start;
			long from = Math.max(0, stop - count + 1);
			if (stop >= 0) {
				List<FailedJob> jobs = new ArrayList<>(this.failures.range(from, stop));
				java.util.Collections.reverse(jobs);
				jobs.forEach((job) -> rows.add(DashboardRows.failed(job)));
			}
			matched = total;
			scanned = total;
		}
		else {
			for (FailedJob job : matching(filter, total)) {
				if (matched >= start && rows.size() < count) {
					rows.add(DashboardRows.failed(job));
				}
				matched++;
			}
			scanned = Math.min(total, SCAN_LIMIT);
		}
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("total", total);
		page.put("matched", matched);
		page.put("scanned", scanned);
		page.put("truncated", scanned < total);
		page.put("start", start);
		page.put("jobs", rows);
		return page;
	}

	/** The entries that match among the newest {@link #SCAN_LIMIT}, newest first. */
	List<FailedJob> matching(JobFilter filter, long total) {
		List<FailedJob> found = new ArrayList<>();
		long limit = Math.min(total, SCAN_LIMIT);
		for (long read = 0; read < limit; read += CHUNK) {
			long stop = total - 1 - read;
			long from = Math.max(total - limit, stop - CHUNK + 1);
			List<FailedJob> chunk = this.failures.range(from, stop);
			for (int i = chunk.size() - 1; i >= 0; i--) {
				FailedJob job = chunk.get(i);
				if (filter.matches(job.queue(), (job.payload() != null) ? job.payload().name() : null, job.json(),
						DashboardRows.error(job))) {
					found.add(job);
				}
			}
		}
		return found;
	}

	/** Retries the entry with exactly this stored text. */
	Map<String, Object> retry(String raw) {
		FailedJob job = this.failures.entry(requireRaw(raw));
		if (job.payload() == null) {
			throw new DashboardRequestException("This failed entry holds no job to retry");
		}
		if (!this.failures.retry(job)) {
			throw new DashboardRequestException("That failed entry is no longer there (retried or removed meanwhile), "
					+ "or a plugin stopped its job");
		}
		return Map.of("retried", 1);
	}

	/** Removes the entry with exactly this stored text. */
	Map<String, Object> remove(String raw) {
		if (this.failures.remove(this.failures.entry(requireRaw(raw))) == 0) {
			throw new DashboardRequestException("That failed entry is no longer there (retried or removed meanwhile)");
		}
		return Map.of("removed", 1);
	}

	/**
	 * Retries or removes each of the entries named by their stored text (a selection), or every entry matching a
	 * filter; entries gone meanwhile are counted apart, never replaced by others.
	 */
	Map<String, Object> bulk(String action, List<String> raws) {
		boolean retry = "retry".equals(action);
		if (!retry && !"remove".equals(action)) {
			throw new DashboardRequestException("A bulk action is retry or remove, not " + action);
		}
		long done = 0;
		long gone = 0;
		for (String raw : raws) {
			FailedJob job = this.failures.entry(requireRaw(raw));
			boolean acted = retry ? job.payload() != null && this.failures.retry(job) : this.failures.remove(job) > 0;
			if (acted) {
				done++;
			}
			else {
				gone++;
			}
		}
		return Map.of(retry ? "retried" : "removed", done, "skipped", gone);
	}

	Map<String, Object> bulkMatching(String action, JobFilter filter) {
		if (filter.isEmpty()) {
			throw new DashboardRequestException("A filter is required; to act on every entry use Retry all or Clear all");
		}
		return bulk(action, matching(filter, this.failures.count()).stream().map(FailedJob::json).toList());
	}

	Map<String, Object> retryAll() {
		return Map.of("retried", this.failures.retryAll());
	}

	Map<String, Object> clear() {
		return Map.of("cleared", this.failures.clear());
	}

	private static String requireRaw(String raw) {
		if (raw == null || raw.isEmpty()) {
			throw new DashboardRequestException("The failed entry's stored text (raw) is required");
		}
		return raw;
	}

}
