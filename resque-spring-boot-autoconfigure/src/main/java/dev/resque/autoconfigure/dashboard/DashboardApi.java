package dev.resque.autoconfigure.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.admin.JobView;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobIds;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.WorkerStatus;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;

/**
 * What the dashboard shows and does, over the template. Every action names a queue that exists, an index in
 * the failed queue or a job by name and arguments: never a Redis key.
 */
class DashboardApi {

	private static final int MAX_PAGE = 200;

	private final ResqueAdmin admin;

	private final @Nullable ResqueScheduler scheduler;

	private final Duration staleAfter;

	DashboardApi(ResqueAdmin admin, @Nullable ResqueScheduler scheduler, Duration staleAfter) {
		this.admin = admin;
		this.scheduler = scheduler;
		this.staleAfter = staleAfter;
	}

	Map<String, Object> overview() {
		Map<String, Object> overview = new LinkedHashMap<>();
		List<Map<String, Object>> queues = new ArrayList<>();
		this.admin.queues().lengths().forEach((queue, length) -> queues.add(Map.of("name", queue, "length", length)));
		var stats = this.admin.stats();
		overview.put("queues", queues);
		overview.put("processed", stats.processed());
		overview.put("failed", stats.failed());
		overview.put("failedQueue", this.admin.failures().count());
		overview.put("delayed", this.admin.delayed().count());
		overview.put("workers", this.admin.workers().registered().size());
		overview.put("leader", this.admin.leader().orElse(null));
		overview.put("time", Instant.now().toString());
		return overview;
	}

	Map<String, Object> queue(String queue, int start, int count) {
		requireQueue(queue);
		int size = page(count);
		List<Job> jobs = this.admin.queues().jobs(queue, start, start + size - 1);
		return Map.of("queue", queue, "total", this.admin.queues().length(queue), "start", start, "jobs", jobs);
	}

	Map<String, Object> deleteJob(String queue, String name, List<Object> args) {
		requireQueue(queue);
		return Map.of("deleted", this.admin.queues().remove(queue, name, args, 1));
	}

	Map<String, Object> clearQueue(String queue) {
		requireQueue(queue);
		long length = this.admin.queues().length(queue);
		this.admin.queues().delete(queue);
		return Map.of("cleared", length);
	}

	Map<String, Object> failed(int start, int count) {
		List<FailedJob> jobs = this.admin.failures().range(start, start + page(count) - 1);
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < jobs.size(); i++) {
			FailedJob job = jobs.get(i);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("index", start + i);
			row.put("worker", job.worker());
			row.put("queue", job.queue());
			row.put("job", job.payload());
			row.put("exception", job.exception());
			row.put("error", job.error());
			row.put("backtrace", job.backtrace());
			row.put("failedAt", job.failedAt());
			row.put("raw", job.json());
			rows.add(row);
		}
		return Map.of("total", this.admin.failures().count(), "start", start, "jobs", rows);
	}

	Map<String, Object> retryFailed(int index) {
		return Map.of("retried", this.admin.failures().retry(failedAt(index)));
	}

	Map<String, Object> removeFailed(int index) {
		return Map.of("removed", this.admin.failures().remove(failedAt(index)) > 0);
	}

	Map<String, Object> retryAllFailed() {
		return Map.of("retried", this.admin.failures().retryAll());
	}

	Map<String, Object> clearFailed() {
		return Map.of("cleared", this.admin.failures().clear());
	}

	List<Map<String, Object>> delayed() {
		List<Map<String, Object>> rows = new ArrayList<>();
		this.admin.delayed().all().forEach((at, jobs) -> rows.add(Map.of("at", at, "jobs", jobs)));
		return rows;
	}

	Map<String, Object> enqueueDelayedNow(String queue, String name, List<Object> args) {
		List<Instant> removed = this.admin.delayed().enqueueNow(queue, name, args);
		if (removed.isEmpty()) {
			throw new DashboardRequestException("No delayed job " + name + " " + args + " on queue " + queue
					+ " (or an enqueue plugin stopped it)");
		}
		return Map.of("enqueued", true, "removedFrom", removed);
	}

	Map<String, Object> deleteDelayed(String queue, String name, List<Object> args) {
		return Map.of("removedFrom", this.admin.delayed().remove(queue, name, args));
	}

	List<Map<String, Object>> workers() {
		Map<String, Instant> pings = this.admin.workers().lastPings();
		Instant now = Instant.now();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (WorkerStatus status : this.admin.workers().statuses()) {
			Map<String, Object> row = new LinkedHashMap<>();
			String name = status.worker().name();
			Instant ping = pings.get(name);
			row.put("name", name);
			row.put("queues", status.worker().queues());
			row.put("pingAgeSeconds", (ping != null) ? Duration.between(ping, now).toSeconds() : null);
			row.put("stale", ping != null && Duration.between(ping, now).compareTo(this.staleAfter) > 0);
			row.put("job", (status.workingOn() != null) ? status.workingOn().payload() : null);
			row.put("queue", (status.workingOn() != null) ? status.workingOn().queue() : null);
			row.put("since", (status.workingOn() != null) ? status.workingOn().runAt() : null);
			rows.add(row);
		}
		return rows;
	}

	List<Map<String, Object>> schedules() {
		if (this.scheduler == null) {
			return List.of();
		}
		Instant now = Instant.now();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (RecurringJob schedule : this.scheduler.schedules()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", schedule.name());
			row.put("job", schedule.job());
			row.put("when", (schedule.cron() != null) ? schedule.cron() + " " + schedule.zone().getId() : "every " + schedule.every());
			row.put("nextFiring", schedule.nextFiring(now).orElse(null));
			rows.add(row);
		}
		return rows;
	}

	Map<String, Object> enqueueScheduleNow(String name) {
		RecurringJob schedule = (this.scheduler != null) ? this.scheduler.schedules()
			.stream()
			.filter((candidate) -> candidate.name().equals(name))
			.findFirst()
			.orElse(null) : null;
		if (schedule == null) {
			throw new DashboardRequestException("No recurring job named " + name);
		}
		return Map.of("enqueued", this.admin.queues().enqueue(schedule.job()).enqueued());
	}

	Object stats() {
		return this.admin.stats();
	}

	Object job(String id) {
		if (!JobIds.isId(id)) {
			throw new DashboardRequestException("Not a job id (24 lowercase hex digits)");
		}
		return this.admin.jobs().status(id).orElseThrow(() -> new DashboardRequestException("No job " + id));
	}

	Map<String, Object> history(long start, int count) {
		if (start < 0 || count < 1 || count > JobView.MAX_PAGE) {
			throw new DashboardRequestException("A page of the history starts at 0 or more and holds 1 to "
					+ JobView.MAX_PAGE + " jobs");
		}
		return Map.of("total", this.admin.jobs().historySize(), "start", start, "jobs", this.admin.jobs().history(start, count));
	}

	private FailedJob failedAt(int index) {
		if (index < 0) {
			throw new DashboardRequestException("The index of a failed job is 0 or more");
		}
		return this.admin.failures().at(index)
			.orElseThrow(() -> new DashboardRequestException("The failed queue has no entry at index " + index));
	}

	private void requireQueue(String queue) {
		if (!this.admin.queues().names().contains(queue)) {
			throw new DashboardRequestException("No queue named " + queue);
		}
	}

	private static int page(int count) {
		return Math.max(1, Math.min(count, MAX_PAGE));
	}

}
