package dev.resque.autoconfigure.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.resque.core.admin.JobView;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.admin.ScheduleView;
import dev.resque.core.codec.JobIds;
import dev.resque.core.contract.JobContract;
import dev.resque.core.contract.JobContracts;
import dev.resque.core.job.Job;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.PeriodCounts;
import dev.resque.core.queue.ProcessRecord;
import dev.resque.core.queue.ResqueStats;
import dev.resque.core.queue.StoredEntry;
import dev.resque.core.queue.StoredSchedule;
import dev.resque.core.queue.WorkerStatus;
import dev.resque.core.queue.WorkingOn;
import dev.resque.core.scheduler.DynamicSchedules;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;

/**
 * What the dashboard shows and does over the admin API: overview, queues, workers and processes, schedules,
 * batches and statistics. Every action names a queue that exists, a schedule, or a job by its content: never a
 * Redis key, never a place in a list.
 */
class DashboardApi {

	private static final int MAX_PAGE = 200;

	/** The live chart: per minute over the last three hours. */
	private static final int CHART_MINUTES = 180;

	/** The history chart: per day over the last five weeks. */
	private static final int CHART_DAYS = 35;

	private static final int RETRIES_SHOWN = 1_000;

	private static final int DELAYED_SHOWN = 2_000;

	private final ResqueAdmin admin;

	private final @Nullable ResqueScheduler scheduler;

	private final Duration staleAfter;

	private final Map<String, String> queueLimits;

	private final DashboardJobs jobs;

	private final @Nullable JobContracts contracts;

	/**
	 * @param queueLimits the limits configured here on queues, by queue, as the page says them
	 * @param contracts the namespace's published job contracts, or null when there are none to read
	 */
	DashboardApi(ResqueAdmin admin, @Nullable ResqueScheduler scheduler, Duration staleAfter,
			Map<String, String> queueLimits, DashboardJobs jobs, @Nullable JobContracts contracts) {
		this.admin = admin;
		this.scheduler = scheduler;
		this.staleAfter = staleAfter;
		this.queueLimits = Map.copyOf(queueLimits);
		this.jobs = jobs;
		this.contracts = contracts;
	}

	/** The contracts every language's jobs published: job, version, parameters and the schema itself. */
	List<Map<String, Object>> contracts() {
		if (this.contracts == null) {
			return List.of();
		}
		List<Map<String, Object>> rows = new ArrayList<>();
		for (JobContract contract : this.contracts.all()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("job", contract.job());
			row.put("version", contract.version());
			row.put("parameters", contract.parameters());
			row.put("schema", contract.schema());
			rows.add(row);
		}
		return rows;
	}

	Map<String, Object> overview() {
		Map<String, Object> overview = new LinkedHashMap<>();
		ResqueStats stats = this.admin.stats();
		List<WorkerStatus> workers = this.admin.workers().statuses();
		overview.put("queues", queues());
		overview.put("processed", stats.processed());
		overview.put("failed", stats.failed());
		overview.put("cancelled", stats.cancelled());
		overview.put("failedQueue", this.admin.failures().count());
		overview.put("delayed", this.admin.delayed().count());
		overview.put("retries", this.jobs.retries(RETRIES_SHOWN).size());
		overview.put("workers", workers.size());
		overview.put("busy", workers.stream().filter((worker) -> worker.workingOn() != null).count());
		overview.put("leader", this.admin.leader().orElse(null));
		overview.put("minutes", minutes(CHART_MINUTES));
		overview.put("days", days(CHART_DAYS));
		overview.put("time", Instant.now());
		return overview;
	}

	/** The figures of the shards' table: counters, queues, failures, delayed jobs, workers and leader. */
	Map<String, Object> summary() {
		Map<String, Object> summary = new LinkedHashMap<>();
		ResqueStats stats = this.admin.stats();
		List<WorkerStatus> workers = this.admin.workers().statuses();
		Map<String, Long> lengths = this.admin.queues().lengths();
		summary.put("queueCount", lengths.size());
		summary.put("queued", lengths.values().stream().mapToLong(Long::longValue).sum());
		summary.put("processed", stats.processed());
		summary.put("failed", stats.failed());
		summary.put("failedQueue", this.admin.failures().count());
		summary.put("delayed", this.admin.delayed().count());
		summary.put("workers", workers.size());
		summary.put("busy", workers.stream().filter((worker) -> worker.workingOn() != null).count());
		summary.put("leader", this.admin.leader().orElse(null));
		return summary;
	}

	/** Every queue with its size, latency (the age of its next job, when tracked), pause and limits. */
	List<Map<String, Object>> queues() {
		Instant now = Instant.now();
		List<String> paused = this.admin.queues().paused();
		List<Map<String, Object>> rows = new ArrayList<>();
		Map<String, Long> lengths = new TreeMap<>(this.admin.queues().lengths());
		paused.forEach((queue) -> lengths.putIfAbsent(queue, 0L));
		lengths.forEach((queue, length) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", queue);
			row.put("length", length);
			row.put("latencySeconds", (length > 0) ? latency(queue, now) : Long.valueOf(0));
			row.put("paused", paused.contains(queue));
			row.put("limits", this.queueLimits.get(queue));
			rows.add(row);
		});
		return rows;
	}

	/** How long the next job of a queue has waited, from its status; null when it is not tracked. */
	private @Nullable Long latency(String queue, Instant now) {
		List<StoredEntry> head = this.admin.queues().entries(queue, 0, 0);
		String id = head.isEmpty() ? null : head.get(0).jobId();
		if (id == null) {
			return null;
		}
		Instant enqueued = this.admin.jobs().status(id).map((status) -> status.enqueuedAt()).orElse(null);
		return (enqueued != null) ? Math.max(0, Duration.between(enqueued, now).toSeconds()) : null;
	}

	/** A page of a queue's entries, the next to run first ({@code oldest}) or the last enqueued first. */
	Map<String, Object> queue(String queue, int start, int count, boolean newestFirst) {
		requireQueue(queue);
		int size = page(count);
		long total = this.admin.queues().length(queue);
		List<Map<String, Object>> rows = new ArrayList<>();
		if (newestFirst) {
			long stop = total - 1 - start;
			if (stop >= 0) {
				List<StoredEntry> entries = new ArrayList<>(this.admin.queues().entries(queue, Math.max(0, stop - size + 1), stop));
				Collections.reverse(entries);
				entries.forEach((entry) -> rows.add(DashboardRows.entry(entry)));
			}
		}
		else {
			this.admin.queues().entries(queue, start, start + size - 1).forEach((entry) -> rows.add(DashboardRows.entry(entry)));
		}
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("queue", queue);
		page.put("total", total);
		page.put("start", start);
		page.put("order", newestFirst ? "newest" : "oldest");
		page.put("paused", this.admin.queues().isPaused(queue));
		page.put("limits", this.queueLimits.get(queue));
		page.put("jobs", rows);
		return page;
	}

	Map<String, Object> deleteJob(String queue, String name, List<Object> args) {
		requireQueue(queue);
		long deleted = this.admin.queues().remove(queue, name, args, 1);
		if (deleted == 0) {
			throw new DashboardRequestException("Job " + name + " " + args + " is no longer on queue " + queue);
		}
		return Map.of("deleted", deleted);
	}

	Map<String, Object> clearQueue(String queue) {
		requireQueue(queue);
		long length = this.admin.queues().length(queue);
		this.admin.queues().delete(queue);
		return Map.of("cleared", length);
	}

	Map<String, Object> pauseQueue(String queue) {
		requireQueue(queue);
		return Map.of("queue", queue, "paused", this.admin.queues().pause(queue));
	}

	Map<String, Object> resumeQueue(String queue) {
		if (!this.admin.queues().isPaused(queue)) {
			throw new DashboardRequestException("Queue " + queue + " is not paused");
		}
		return Map.of("queue", queue, "resumed", this.admin.queues().resume(queue));
	}

	/** The first delayed entries by the time they are due, each with its id when tracked. */
	List<Map<String, Object>> delayed() {
		List<Map<String, Object>> rows = new ArrayList<>();
		this.admin.delayed().entries(DELAYED_SHOWN).forEach((at, entries) -> rows.add(Map.of("at", at, "jobs",
				entries.stream().map(DashboardRows::entry).toList())));
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
		List<Instant> removed = this.admin.delayed().remove(queue, name, args);
		if (removed.isEmpty()) {
			throw new DashboardRequestException("No delayed job " + name + " " + args + " on queue " + queue);
		}
		return Map.of("removedFrom", removed);
	}

	/** Every registered worker: queues, last ping, what it runs and since when, and its own counters. */
	Map<String, Object> workers() {
		Map<String, Instant> pings = this.admin.workers().lastPings();
		Map<String, ResqueStats.WorkerStats> counters = this.admin.stats().workers();
		Instant now = Instant.now();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (WorkerStatus status : this.admin.workers().statuses()) {
			Map<String, Object> row = new LinkedHashMap<>();
			String name = status.worker().name();
			Instant ping = pings.get(name);
			// Resque counts per registration (name:queues); a peer may count by name alone
			ResqueStats.WorkerStats own = counters.getOrDefault(status.worker().id(), counters.get(name));
			row.put("name", name);
			row.put("process", process(name));
			row.put("queues", status.worker().queues());
			row.put("pingAgeSeconds", (ping != null) ? Duration.between(ping, now).toSeconds() : null);
			row.put("stale", ping != null && Duration.between(ping, now).compareTo(this.staleAfter) > 0);
			row.put("processed", (own != null) ? own.processed() : 0);
			row.put("failed", (own != null) ? own.failed() : 0);
			WorkingOn working = status.workingOn();
			row.put("job", (working != null) ? working.payload() : null);
			row.put("id", (working != null) ? working.jobId() : null);
			row.put("queue", (working != null) ? working.queue() : null);
			row.put("since", (working != null) ? working.runAt() : null);
			// what a tracked job last said of its progress
			JobStatus job = (working != null && working.jobId() != null) ? this.admin.jobs().status(working.jobId()).orElse(null) : null;
			row.put("progress", (job != null) ? job.progress() : null);
			row.put("progressMessage", (job != null) ? job.progressMessage() : null);
			rows.add(row);
		}
		return Map.of("time", now, "workers", rows);
	}

	/** Cancels what a worker runs now, named by the worker: the job is found in its working-on record. */
	Map<String, Object> cancelRunning(String worker) {
		Job job = this.admin.workers().statuses()
			.stream()
			.filter((status) -> status.worker().name().equals(worker) && status.workingOn() != null)
			.map((status) -> status.workingOn().payload())
			.findFirst()
			.orElseThrow(() -> new DashboardRequestException("Worker " + worker + " runs no job now"));
		var cancellation = this.admin.cancel(job);
		return Map.of("cancelled", cancellation.found(), "running", cancellation.running());
	}

	/**
	 * The processes running workers: ours as they record themselves, others (node-resque's, Ruby's, or ours before
	 * their first ping) from their workers' names ({@code host:pid}), with what can be told of them.
	 */
	List<Map<String, Object>> processes() {
		Map<String, Map<String, Object>> rows = new TreeMap<>();
		for (ProcessRecord process : this.admin.workers().processes()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("id", process.id());
			row.put("host", process.host());
			row.put("pid", process.pid());
			row.put("startedAt", process.startedAt());
			row.put("version", process.version());
			row.put("threads", process.threads());
			row.put("busy", process.busy());
			row.put("memoryUsed", process.memoryUsed());
			row.put("memoryMax", process.memoryMax());
			row.put("queues", process.queues());
			row.put("updatedAt", process.updatedAt());
			row.put("kind", "spring-resque");
			rows.put(process.id(), row);
		}
		for (WorkerStatus status : this.admin.workers().statuses()) {
			String process = process(status.worker().name());
			Map<String, Object> row = rows.computeIfAbsent(process, (id) -> peerProcess(id));
			if (!row.containsKey("updatedAt")) {
				row.put("threads", (int) row.get("threads") + 1);
				row.put("busy", (int) row.get("busy") + ((status.workingOn() != null) ? 1 : 0));
			}
		}
		return new ArrayList<>(rows.values());
	}

	private static Map<String, Object> peerProcess(String id) {
		Map<String, Object> row = new LinkedHashMap<>();
		int colon = id.lastIndexOf(':');
		row.put("id", id);
		row.put("host", (colon > 0) ? id.substring(0, colon) : id);
		row.put("pid", (colon > 0) ? id.substring(colon + 1) : null);
		row.put("threads", 0);
		row.put("busy", 0);
		// ours until its first ping records it (its workers' names carry an incarnation), else another client's
		row.put("kind", id.contains("-") && id.lastIndexOf('-') > id.lastIndexOf(':') ? "spring-resque" : "peer");
		return row;
	}

	/** The process part of a worker's name: ours before {@code +}, a peer's {@code host:pid}. */
	private static String process(String worker) {
		int plus = worker.indexOf('+');
		if (plus > 0) {
			return worker.substring(0, plus);
		}
		int second = worker.indexOf(':', worker.indexOf(':') + 1);
		return (second > 0) ? worker.substring(0, second) : worker;
	}

	List<Map<String, Object>> schedules() {
		Instant now = Instant.now();
		List<RecurringJob> configured = (this.scheduler != null) ? this.scheduler.schedules() : List.of();
		List<Map<String, Object>> rows = new ArrayList<>();
		for (ScheduleView.Listed listed : this.admin.schedules().listed(configured)) {
			RecurringJob schedule = listed.schedule();
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", schedule.name());
			row.put("job", schedule.job());
			row.put("when", (schedule.cron() != null) ? schedule.cron() + " " + schedule.zone().getId()
					: "every " + schedule.every());
			row.put("source", listed.source());
			row.put("paused", listed.paused());
			row.put("nextFiring", listed.paused() ? null : schedule.nextFiring(now).orElse(null));
			rows.add(row);
		}
		return rows;
	}

	/** Adds (or replaces) a dynamic schedule: every instance's leader fires it from its next poll. */
	Map<String, Object> addSchedule(ScheduleForm form) {
		String name = required(form.name(), "A schedule name");
		if (this.scheduler != null && this.scheduler.schedules().stream().anyMatch((s) -> s.name().equals(name))) {
			throw new DashboardRequestException("Schedule " + name + " comes from the configuration: change it there");
		}
		try {
			Job job = new Job(required(form.job(), "A job name"), required(form.queue(), "A queue"), form.args());
			StoredSchedule stored = new StoredSchedule(name, job, blankToNull(form.cron()), blankToNull(form.every()),
					(form.description() != null) ? form.description() : "");
			RecurringJob recurring = DynamicSchedules.recurring(stored);
			this.admin.schedules().put(recurring, stored.description());
			return Map.of("schedule", name, "added", true, "nextFiring",
					recurring.nextFiring(Instant.now()).map(Object::toString).orElse(""));
		}
		catch (IllegalArgumentException ex) {
			throw new DashboardRequestException("Schedule " + name + " cannot be added: " + ex.getMessage());
		}
	}

	Map<String, Object> pauseSchedule(String name) {
		requireSchedule(name);
		return Map.of("schedule", name, "paused", this.admin.schedules().pause(name));
	}

	Map<String, Object> resumeSchedule(String name) {
		requireSchedule(name);
		return Map.of("schedule", name, "resumed", this.admin.schedules().resume(name));
	}

	Map<String, Object> removeSchedule(String name) {
		ScheduleView.Listed listed = requireSchedule(name);
		if (!"dynamic".equals(listed.source())) {
			throw new DashboardRequestException("Schedule " + name + " comes from the configuration: remove it there");
		}
		return Map.of("schedule", name, "removed", this.admin.schedules().remove(name));
	}

	Map<String, Object> enqueueScheduleNow(String name) {
		RecurringJob schedule = requireSchedule(name).schedule();
		var result = this.admin.queues().enqueue(schedule.job());
		return Map.of("enqueued", result.enqueued(), "jobId", result.jobId());
	}

	private ScheduleView.Listed requireSchedule(String name) {
		List<RecurringJob> configured = (this.scheduler != null) ? this.scheduler.schedules() : List.of();
		return this.admin.schedules().listed(configured)
			.stream()
			.filter((listed) -> listed.schedule().name().equals(name))
			.findFirst()
			.orElseThrow(() -> new DashboardRequestException("No schedule named " + name));
	}

	/** The counters in all and per worker, and per minute and per day for the charts. */
	Map<String, Object> stats() {
		ResqueStats stats = this.admin.stats();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("processed", stats.processed());
		result.put("failed", stats.failed());
		result.put("cancelled", stats.cancelled());
		result.put("workers", stats.workers());
		result.put("minutes", minutes(CHART_MINUTES));
		result.put("days", days(CHART_DAYS));
		return result;
	}

	private List<Map<String, Object>> minutes(int count) {
		Instant now = Instant.now();
		return counts(this.admin.statistics().minutes(now.minusSeconds(60L * (count - 1)), now));
	}

	private List<Map<String, Object>> days(int count) {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		return counts(this.admin.statistics().days(today.minusDays(count - 1), today));
	}

	private static List<Map<String, Object>> counts(List<PeriodCounts> periods) {
		List<Map<String, Object>> points = new ArrayList<>(periods.size());
		for (PeriodCounts period : periods) {
			points.add(Map.of("period", period.period(), "processed", period.total().processed(), "failed",
					period.total().failed()));
		}
		return points;
	}

	List<Object> batches() {
		return List.copyOf(this.admin.jobs().batches(MAX_PAGE));
	}

	Object batch(String id) {
		if (!JobIds.isId(id)) {
			throw new DashboardRequestException("Not a batch id (24 lowercase hex digits)");
		}
		return this.admin.jobs().batch(id).orElseThrow(() -> new DashboardRequestException("No batch " + id));
	}

	Map<String, Object> history(long start, int count) {
		if (start < 0 || count < 1 || count > JobView.MAX_PAGE) {
			throw new DashboardRequestException("A page of the history starts at 0 or more and holds 1 to "
					+ JobView.MAX_PAGE + " jobs");
		}
		return Map.of("total", this.admin.jobs().historySize(), "start", start, "jobs", this.admin.jobs().history(start, count));
	}

	private void requireQueue(String queue) {
		if (!this.admin.queues().names().contains(queue)) {
			throw new DashboardRequestException("No queue named " + queue);
		}
	}

	private static String required(@Nullable String value, String what) {
		if (value == null || value.isBlank()) {
			throw new DashboardRequestException(what + " is required");
		}
		return value.trim();
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

	private static int page(int count) {
		return Math.max(1, Math.min(count, MAX_PAGE));
	}

	/**
	 * A schedule as the page's form sends it.
	 *
	 * @param name its name
	 * @param job the job's name
	 * @param queue its queue
	 * @param args its arguments
	 * @param cron a cron expression (optionally with a zone), or blank
	 * @param every an interval ({@code 5m}, {@code 30s}), or blank
	 * @param description what it is for
	 */
	record ScheduleForm(@Nullable String name, @Nullable String job, @Nullable String queue, List<Object> args,
			@Nullable String cron, @Nullable String every, @Nullable String description) {

		ScheduleForm {
			args = (args != null) ? args : List.of();
		}

	}

}
