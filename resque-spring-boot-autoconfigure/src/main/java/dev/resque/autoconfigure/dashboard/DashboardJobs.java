package dev.resque.autoconfigure.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobIds;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.RetryingJob;
import dev.resque.core.queue.StoredEntry;
import dev.resque.core.queue.WorkerStatus;

/**
 * Jobs by id, search across everything, and the Retries tab. A job is found again by its id or its content at
 * each action, so an action never reaches another job than the one shown.
 */
class DashboardJobs {

	/** How many entries of each queue, of the delayed jobs and of the failed queue a search reads at most. */
	static final int SEARCH_SCAN = 5_000;

	/** How many results a search returns at most. */
	static final int SEARCH_RESULTS = 200;

	private static final int CHUNK = 1_000;

	private final ResqueAdmin admin;

	private final DashboardFailures failures;

	private final ToIntFunction<String> retryLimits;

	/**
	 * @param retryLimits the {@code @Retry} limit of a job registered here by its name, or -1
	 */
	DashboardJobs(ResqueAdmin admin, DashboardFailures failures, ToIntFunction<String> retryLimits) {
		this.admin = admin;
		this.failures = failures;
		this.retryLimits = retryLimits;
	}

	/** A tracked job: its status, and its entry where one is still stored (its arguments). */
	Map<String, Object> job(String id) {
		JobStatus status = status(id);
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("status", status);
		Located located = locate(status);
		page.put("where", (located != null) ? located.where() : null);
		page.put("entry", (located != null) ? located.row() : null);
		page.put("time", Instant.now());
		return page;
	}

	/** Cancels a queued, delayed, retrying or running job, found by its id. */
	Map<String, Object> cancel(String id) {
		Located located = locate(status(id));
		if (located == null || located.job() == null || "failed".equals(located.where())) {
			throw new DashboardRequestException("Job " + id + " is not queued, scheduled or running: nothing to cancel");
		}
		var cancellation = this.admin.cancel(located.job());
		return Map.of("cancelled", cancellation.found(), "queued", cancellation.queued(), "delayed",
				cancellation.delayed(), "running", cancellation.running());
	}

	/** Retries a failed job from its failed entry, or runs a delayed or retrying one now. */
	Map<String, Object> retry(String id) {
		Located located = locate(status(id));
		if (located != null && "failed".equals(located.where())) {
			return this.failures.retry(located.raw());
		}
		if (located != null && ("delayed".equals(located.where()) || "retries".equals(located.where()))) {
			Job job = located.job();
			boolean moved = job != null && this.admin.retries().retryNow(job);
			return Map.of("enqueued", moved);
		}
		throw new DashboardRequestException("Job " + id + " is not failed, delayed or retrying: nothing to run again");
	}

	private JobStatus status(String id) {
		if (!JobIds.isId(id)) {
			throw new DashboardRequestException("Not a job id (24 lowercase hex digits)");
		}
		return this.admin.jobs().status(id).orElseThrow(() -> new DashboardRequestException("No job " + id
				+ " (never enqueued here with tracking on, or its status outlived its retention)"));
	}

	private @Nullable Located locate(JobStatus status) {
		String id = status.id();
		return switch (status.state()) {
			case QUEUED -> inQueue(status.queue(), id);
			case DELAYED, RETRYING -> (status.runAt() != null) ? this.admin.delayed()
				.entriesAt(status.runAt())
				.stream()
				.filter((entry) -> id.equals(entry.jobId()))
				.findFirst()
				.map((entry) -> new Located(status.state() == JobStatus.State.RETRYING ? "retries" : "delayed", entry.raw(),
						entry.job(), DashboardRows.entry(entry)))
				.orElse(null) : null;
			case RUNNING -> running(status);
			case FAILED -> this.failures.matching(JobFilter.of(id, "", ""), this.admin.failures().count())
				.stream()
				.filter((job) -> id.equals(job.jobId()))
				.findFirst()
				.map((job) -> new Located("failed", job.json(), job.payload(), DashboardRows.failed(job)))
				.orElse(null);
			default -> null;
		};
	}

	private @Nullable Located inQueue(String queue, String id) {
		long length = this.admin.queues().length(queue);
		for (long start = 0; start < Math.min(length, SEARCH_SCAN); start += CHUNK) {
			for (StoredEntry entry : this.admin.queues().entries(queue, start, start + CHUNK - 1)) {
				if (id.equals(entry.jobId())) {
					return new Located("queue", entry.raw(), entry.job(), DashboardRows.entry(entry));
				}
			}
		}
		return null;
	}

	private @Nullable Located running(JobStatus status) {
		for (WorkerStatus worker : this.admin.workers().statuses()) {
			if (worker.workingOn() != null && status.id().equals(worker.workingOn().jobId())) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("id", status.id());
				row.put("job", worker.workingOn().payload());
				row.put("worker", worker.worker().name());
				return new Located("running", "", worker.workingOn().payload(), row);
			}
		}
		return null;
	}

	/**
	 * Jobs whose name, arguments or error contain the text (or whose id it is), in every queue, the delayed jobs,
	 * the retries, the failed queue and the history, each read up to {@link #SEARCH_SCAN} entries.
	 */
	Map<String, Object> search(String text) {
		JobFilter filter = JobFilter.of(text, "", "");
		if (filter.isEmpty()) {
			throw new DashboardRequestException("Type something to search for: a job name, an argument, an error or an id");
		}
		List<Map<String, Object>> results = new ArrayList<>();
		boolean truncated = false;
		if (JobIds.isId(text.trim())) {
			Optional<JobStatus> status = this.admin.jobs().status(text.trim());
			status.ifPresent((found) -> results.add(result("job", found.queue(), found.id(), null, found)));
		}
		for (var queue : this.admin.queues().lengths().entrySet()) {
			truncated |= queue.getValue() > SEARCH_SCAN;
			for (long start = 0; start < Math.min(queue.getValue(), SEARCH_SCAN); start += CHUNK) {
				for (StoredEntry entry : this.admin.queues().entries(queue.getKey(), start, start + CHUNK - 1)) {
					if (filter.matches(queue.getKey(), (entry.job() != null) ? entry.job().name() : null, entry.raw(), null)) {
						results.add(result("queue", queue.getKey(), entry.jobId(), entry.job(), DashboardRows.entry(entry)));
					}
				}
			}
		}
		// the delayed entries are read once: the retries are found among them
		var delayed = this.admin.delayed().entries(SEARCH_SCAN);
		List<RetryingJob> retries = this.admin.retries().among(delayed);
		Set<Map.Entry<Instant, Job>> retrying = new HashSet<>();
		retries.forEach((retry) -> retrying.add(Map.entry(retry.runAt(), retry.job())));
		truncated |= delayed.values().stream().mapToInt(List::size).sum() >= SEARCH_SCAN;
		for (var due : delayed.entrySet()) {
			for (StoredEntry entry : due.getValue()) {
				Job job = entry.job();
				if (job != null && retrying.contains(Map.entry(due.getKey(), job))) {
					continue;
				}
				if (filter.matches((job != null) ? job.queue() : null, (job != null) ? job.name() : null, entry.raw(), null)) {
					Map<String, Object> row = DashboardRows.entry(entry);
					row.put("runAt", due.getKey());
					results.add(result("delayed", (job != null) ? job.queue() : "", entry.jobId(), job, row));
				}
			}
		}
		for (RetryingJob retry : retries) {
			Map<String, Object> row = retryRow(retry);
			Job job = retry.job();
			if (filter.matches(job.queue(), job.name(), job.args().toString(), (String) row.get("lastError"))) {
				results.add(result("retries", job.queue(), retry.jobId(), job, row));
			}
		}
		long failed = this.admin.failures().count();
		truncated |= failed > DashboardFailures.SCAN_LIMIT;
		for (FailedJob job : this.failures.matching(filter, failed)) {
			results.add(result("failed", job.queue(), job.jobId(), job.payload(), DashboardRows.failed(job)));
		}
		for (JobStatus ended : this.admin.jobs().history(0, dev.resque.core.admin.JobView.MAX_PAGE)) {
			if (filter.matches(ended.queue(), ended.jobName(), ended.id(), ended.lastError())) {
				results.add(result("history", ended.queue(), ended.id(), null, ended));
			}
		}
		Map<String, Object> found = new LinkedHashMap<>();
		found.put("query", text);
		found.put("count", results.size());
		found.put("truncated", truncated || results.size() > SEARCH_RESULTS);
		found.put("results", results.subList(0, Math.min(results.size(), SEARCH_RESULTS)));
		return found;
	}

	private static Map<String, Object> result(String where, String queue, @Nullable String id, @Nullable Job job,
			Object detail) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("where", where);
		result.put("queue", queue);
		result.put("id", id);
		result.put("job", job);
		result.put("detail", detail);
		return result;
	}

	/** The Retries tab: the retries among the first delayed jobs, soonest first, with attempt n of m. */
	List<Map<String, Object>> retries(int limit) {
		return this.admin.retries().list(limit).stream().map(this::retryRow).toList();
	}

	private Map<String, Object> retryRow(RetryingJob retry) {
		Map<String, Object> row = new LinkedHashMap<>();
		FailedJob last = retry.lastFailure();
		int max = this.retryLimits.applyAsInt(retry.job().name());
		row.put("id", retry.jobId());
		row.put("job", retry.job());
		row.put("runAt", retry.runAt());
		row.put("attempt", retry.attempt());
		row.put("limit", (max >= 0) ? max : null);
		row.put("lastError", DashboardRows.error(last));
		row.put("failedAt", (last != null) ? last.failedAt() : null);
		row.put("worker", (last != null) ? last.worker() : null);
		return row;
	}

	Map<String, Object> retryNow(Job job) {
		if (!this.admin.retries().retryNow(job)) {
			throw new DashboardRequestException("No retry of " + job.name() + " " + job.args() + " is scheduled any more "
					+ "(it ran, or was discarded meanwhile), or a plugin stopped it");
		}
		return Map.of("enqueued", true);
	}

	Map<String, Object> discard(Job job) {
		if (!this.admin.retries().discard(job)) {
			throw new DashboardRequestException("No retry of " + job.name() + " " + job.args() + " is scheduled any more");
		}
		return Map.of("discarded", true, "movedTo", "failed");
	}

	/**
	 * Where a job was found.
	 *
	 * @param where queue, delayed, retries, running or failed
	 * @param raw its stored text, or empty for a running job
	 * @param job the job, or null when its entry is not one
	 * @param row what the page shows of it
	 */
	private record Located(String where, String raw, @Nullable Job job, Map<String, Object> row) {

	}

}
