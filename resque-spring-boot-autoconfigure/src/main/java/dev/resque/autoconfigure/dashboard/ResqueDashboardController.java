package dev.resque.autoconfigure.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.HtmlUtils;

import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.job.Job;

/**
 * The dashboard's page and JSON API under {@code resque.dashboard.path}. Every action is a POST that must carry
 * the {@code X-Resque-Dashboard} header, which a page of another site cannot send without the browser asking
 * first; with Spring Security, CSRF tokens are checked as well.
 */
@RestController
@RequestMapping("${resque.dashboard.path:/resque}")
class ResqueDashboardController {

	static final String ACTION_HEADER = "X-Resque-Dashboard";

	private static final int RETRIES_SHOWN = 1_000;

	/** By name, the default shard first; a request names another with {@code ?shard=}. */
	private final Map<String, DashboardShard> shards;

	private final DashboardShard defaultShard;

	/** The shards, to find and move jobs left on the application's Redis; null without shards. */
	private final @Nullable ResqueShards strandedJobs;

	private final String page;

	private final String path;

	ResqueDashboardController(DashboardApi api, DashboardFailures failures, DashboardJobs jobs, String path) {
		this(List.of(new DashboardShard("default", List.of(), api, failures, jobs)), null, path);
	}

	/**
	 * @param shards the default shard first
	 * @param all the shards, when there are others than the default one
	 */
	ResqueDashboardController(List<DashboardShard> shards, @Nullable ResqueShards all, String path) {
		this.strandedJobs = all;
		Map<String, DashboardShard> byName = new LinkedHashMap<>();
		shards.forEach((shard) -> byName.put(shard.name(), shard));
		this.shards = byName;
		this.defaultShard = shards.get(0);
		this.path = path;
		this.page = read("dev/resque/dashboard/index.html");
	}

	/** The page, told where its API is and, with Spring Security, the CSRF token its actions must send. */
	@GetMapping(path = { "", "/" }, produces = MediaType.TEXT_HTML_VALUE)
	String page(HttpServletRequest request) {
		String csrfHeader = "";
		String csrfToken = "";
		Object token = request.getAttribute("_csrf");
		if (token != null) {
			csrfHeader = String.valueOf(invoke(token, "getHeaderName"));
			csrfToken = String.valueOf(invoke(token, "getToken"));
		}
		return this.page.replace("{{base}}", HtmlUtils.htmlEscape(request.getContextPath() + this.path))
			.replace("{{csrfHeader}}", HtmlUtils.htmlEscape(csrfHeader))
			.replace("{{csrfToken}}", HtmlUtils.htmlEscape(csrfToken));
	}

	/** Reads the CSRF token through its public interface, without a compile-time tie to Spring Security. */
	private static Object invoke(Object target, String method) {
		for (Class<?> type : ClassUtils.getAllInterfacesAsSet(target)) {
			java.lang.reflect.Method getter = ReflectionUtils.findMethod(type, method);
			if (getter != null) {
				return ReflectionUtils.invokeMethod(getter, target);
			}
		}
		return "";
	}

	/** The shard the request names ({@code ?shard=}), else the default one. */
	private DashboardShard shard() {
		String name = (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)
				? servlet.getRequest().getParameter("shard") : null;
		if (name == null || name.isEmpty()) {
			return this.defaultShard;
		}
		DashboardShard shard = this.shards.get(name);
		if (shard == null) {
			throw new DashboardRequestException("No shard " + name + " (shards: " + this.shards.keySet() + ")");
		}
		return shard;
	}

	/** The shard a queue lives on: the one that lists it, else the default one (the request's without a queue). */
	private DashboardShard shardOfQueue(@Nullable String queue) {
		if (queue == null || queue.isBlank()) {
			return shard();
		}
		return this.shards.values()
			.stream()
			.filter((shard) -> shard.queues().contains(queue))
			.findFirst()
			.orElse(this.defaultShard);
	}

	/**
	 * Every shard with its figures, and their totals: what the whole deployment holds and does, whichever shard
	 * the other pages show.
	 */
	@GetMapping("/api/shards")
	Map<String, Object> shards() {
		List<Map<String, Object>> rows = new ArrayList<>();
		Map<String, Long> totals = new LinkedHashMap<>();
		for (DashboardShard shard : this.shards.values()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", shard.name());
			row.put("queues", shard.queues());
			try {
				Map<String, Object> summary = shard.api().summary();
				row.putAll(summary);
				summary.forEach((key, value) -> {
					if (value instanceof Number number) {
						totals.merge(key, number.longValue(), Long::sum);
					}
				});
			}
			catch (DataAccessException ex) {
				// one shard away must not take the table of the others with it
				row.put("error", ex.getMessage());
			}
			rows.add(row);
		}
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("shards", rows);
		page.put("totals", totals);
		ResqueShards all = this.strandedJobs;
		page.put("stranded", (all != null) ? strandedOrNothing(all) : Map.of());
		return page;
	}

	private static Map<String, Long> strandedOrNothing(ResqueShards all) {
		try {
			return all.stranded();
		}
		catch (DataAccessException ex) {
			return Map.of();
		}
	}

	/** Moves the jobs of a shard's queue that the application's own Redis still holds to the shard. */
	@PostMapping("/api/shards/move-stranded")
	Map<String, Object> moveStranded(@RequestHeader(ACTION_HEADER) String action, @RequestBody Map<String, String> body) {
		String queue = body.get("queue");
		ResqueShards all = this.strandedJobs;
		if (all == null || queue == null || all.shardOf(queue).isDefault()) {
			throw new DashboardRequestException("Queue " + queue + " lives on no shard of its own");
		}
		return Map.of("queue", queue, "moved", all.moveStranded(queue));
	}

	@GetMapping("/api/overview")
	Map<String, Object> overview() {
		return shard().api().overview();
	}

	@GetMapping("/api/queues")
	List<Map<String, Object>> queues() {
		return shard().api().queues();
	}

	@GetMapping("/api/queues/{queue}")
	Map<String, Object> queue(@PathVariable String queue, @RequestParam(defaultValue = "0") int start,
			@RequestParam(defaultValue = "50") int count, @RequestParam(defaultValue = "oldest") String order) {
		return shard().api().queue(queue, Math.max(0, start), count, "newest".equals(order));
	}

	@PostMapping("/api/queues/{queue}/delete-job")
	Map<String, Object> deleteJob(@RequestHeader(ACTION_HEADER) String action, @PathVariable String queue,
			@RequestBody JobRef job) {
		return shard().api().deleteJob(queue, job.name(), job.args());
	}

	@PostMapping("/api/queues/{queue}/clear")
	Map<String, Object> clearQueue(@RequestHeader(ACTION_HEADER) String action, @PathVariable String queue) {
		return shard().api().clearQueue(queue);
	}

	@PostMapping("/api/queues/{queue}/pause")
	Map<String, Object> pauseQueue(@RequestHeader(ACTION_HEADER) String action, @PathVariable String queue) {
		return shard().api().pauseQueue(queue);
	}

	@PostMapping("/api/queues/{queue}/resume")
	Map<String, Object> resumeQueue(@RequestHeader(ACTION_HEADER) String action, @PathVariable String queue) {
		return shard().api().resumeQueue(queue);
	}

	/** Failed entries, newest first, filtered by text ({@code q}), queue and error class. */
	@GetMapping("/api/failed")
	Map<String, Object> failed(@RequestParam(defaultValue = "0") int start, @RequestParam(defaultValue = "20") int count,
			@RequestParam(required = false) String q, @RequestParam(required = false) String queue,
			@RequestParam(required = false) String exception) {
		return shard().failures().page(JobFilter.of(q, queue, exception), Math.max(0, start), Math.max(1, Math.min(count, 200)));
	}

	@PostMapping("/api/failed/retry")
	Map<String, Object> retryFailed(@RequestHeader(ACTION_HEADER) String action, @RequestBody Stored entry) {
		return shard().failures().retry(entry.raw());
	}

	@PostMapping("/api/failed/remove")
	Map<String, Object> removeFailed(@RequestHeader(ACTION_HEADER) String action, @RequestBody Stored entry) {
		return shard().failures().remove(entry.raw());
	}

	/** Retries or removes the selected entries, by their stored text. */
	@PostMapping("/api/failed/bulk")
	Map<String, Object> bulkFailed(@RequestHeader(ACTION_HEADER) String action, @RequestBody Selection selection) {
		return shard().failures().bulk(selection.action(), selection.raws());
	}

	/** Retries or removes every entry matching a filter. */
	@PostMapping("/api/failed/bulk-matching")
	Map<String, Object> bulkMatchingFailed(@RequestHeader(ACTION_HEADER) String action, @RequestBody Matching matching) {
		return shard().failures().bulkMatching(matching.action(), JobFilter.of(matching.q(), matching.queue(), matching.exception()));
	}

	@PostMapping("/api/failed/retry-all")
	Map<String, Object> retryAllFailed(@RequestHeader(ACTION_HEADER) String action) {
		return shard().failures().retryAll();
	}

	@PostMapping("/api/failed/clear")
	Map<String, Object> clearFailed(@RequestHeader(ACTION_HEADER) String action) {
		return shard().failures().clear();
	}

	@GetMapping("/api/delayed")
	List<Map<String, Object>> delayed() {
		return shard().api().delayed();
	}

	@PostMapping("/api/delayed/enqueue-now")
	Map<String, Object> enqueueDelayedNow(@RequestHeader(ACTION_HEADER) String action, @RequestBody JobRef job) {
		return shard().api().enqueueDelayedNow(job.queue(), job.name(), job.args());
	}

	@PostMapping("/api/delayed/delete")
	Map<String, Object> deleteDelayed(@RequestHeader(ACTION_HEADER) String action, @RequestBody JobRef job) {
		return shard().api().deleteDelayed(job.queue(), job.name(), job.args());
	}

	/** Retries apart from other delayed jobs: attempt n of m, next run, last error. */
	@GetMapping("/api/retries")
	List<Map<String, Object>> retries() {
		return shard().jobs().retries(RETRIES_SHOWN);
	}

	@PostMapping("/api/retries/retry-now")
	Map<String, Object> retryNow(@RequestHeader(ACTION_HEADER) String action, @RequestBody JobRef job) {
		return shard().jobs().retryNow(job.job());
	}

	@PostMapping("/api/retries/discard")
	Map<String, Object> discardRetry(@RequestHeader(ACTION_HEADER) String action, @RequestBody JobRef job) {
		return shard().jobs().discard(job.job());
	}

	@GetMapping("/api/workers")
	Map<String, Object> workers() {
		return shard().api().workers();
	}

	/** Cancels the job a worker runs now (the worker's thread is interrupted; the job ends cancelled). */
	@PostMapping("/api/workers/cancel")
	Map<String, Object> cancelRunning(@RequestHeader(ACTION_HEADER) String action, @RequestBody WorkerRef worker) {
		return shard().api().cancelRunning(worker.worker());
	}

	@GetMapping("/api/processes")
	List<Map<String, Object>> processes() {
		return shard().api().processes();
	}

	@GetMapping("/api/schedules")
	List<Map<String, Object>> schedules() {
		return shard().api().schedules();
	}

	@PostMapping("/api/schedules")
	Map<String, Object> addSchedule(@RequestHeader(ACTION_HEADER) String action,
			@RequestBody DashboardApi.ScheduleForm form) {
		// a schedule is kept with its queue, so that the scheduler of the queue's shard fires it there
		DashboardShard shard = shardOfQueue(form.queue());
		Map<String, Object> added = new LinkedHashMap<>(shard.api().addSchedule(form));
		added.put("shard", shard.name());
		return added;
	}

	@PostMapping("/api/schedules/{name}/enqueue-now")
	Map<String, Object> enqueueScheduleNow(@RequestHeader(ACTION_HEADER) String action, @PathVariable String name) {
		return shard().api().enqueueScheduleNow(name);
	}

	@PostMapping("/api/schedules/{name}/pause")
	Map<String, Object> pauseSchedule(@RequestHeader(ACTION_HEADER) String action, @PathVariable String name) {
		return shard().api().pauseSchedule(name);
	}

	@PostMapping("/api/schedules/{name}/resume")
	Map<String, Object> resumeSchedule(@RequestHeader(ACTION_HEADER) String action, @PathVariable String name) {
		return shard().api().resumeSchedule(name);
	}

	@PostMapping("/api/schedules/{name}/remove")
	Map<String, Object> removeSchedule(@RequestHeader(ACTION_HEADER) String action, @PathVariable String name) {
		return shard().api().removeSchedule(name);
	}

	@GetMapping("/api/stats")
	Map<String, Object> stats() {
		return shard().api().stats();
	}

	@GetMapping("/api/batches")
	List<Object> batches() {
		return shard().api().batches();
	}

	@GetMapping("/api/batches/{id}")
	Object batch(@PathVariable String id) {
		return shard().api().batch(id);
	}

	/** A tracked job by its id: status, timeline, its entry (arguments) where one is still stored. */
	@GetMapping("/api/jobs/{id}")
	Map<String, Object> job(@PathVariable String id) {
		return shard().jobs().job(id);
	}

	@PostMapping("/api/jobs/{id}/cancel")
	Map<String, Object> cancelJob(@RequestHeader(ACTION_HEADER) String action, @PathVariable String id) {
		return shard().jobs().cancel(id);
	}

	@PostMapping("/api/jobs/{id}/retry")
	Map<String, Object> retryJob(@RequestHeader(ACTION_HEADER) String action, @PathVariable String id) {
		return shard().jobs().retry(id);
	}

	/** The contracts the namespace's jobs published (the JSON Schema of their arguments). */
	@GetMapping("/api/contracts")
	List<Map<String, Object>> contracts() {
		return shard().api().contracts();
	}

	/** Jobs whose name, arguments or error contain the text, everywhere they can be. */
	@GetMapping("/api/search")
	Map<String, Object> search(@RequestParam(defaultValue = "") String q) {
		return shard().jobs().search(q);
	}

	/** The latest ended jobs, newest first. */
	@GetMapping("/api/history")
	Map<String, Object> history(@RequestParam(defaultValue = "0") long start,
			@RequestParam(defaultValue = "50") int count) {
		return shard().api().history(start, count);
	}

	@ExceptionHandler(DashboardRequestException.class)
	ResponseEntity<Map<String, Object>> badRequest(DashboardRequestException ex) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(org.springframework.web.bind.MissingRequestHeaderException.class)
	ResponseEntity<Map<String, Object>> missingHeader(Exception ex) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN)
			.body(Map.of("error", "Actions must be sent by the dashboard (header " + ACTION_HEADER + ")"));
	}

	private static String read(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The dashboard page " + resource + " is missing", ex);
		}
	}

	/**
	 * A job named by the browser: its queue, name and arguments.
	 *
	 * @param queue the queue
	 * @param name the job name
	 * @param args its arguments
	 */
	record JobRef(String queue, String name, List<Object> args) {

		JobRef {
			args = (args != null) ? args : List.of();
		}

		Job job() {
			if (queue == null || name == null) {
				throw new DashboardRequestException("A job is named by its queue, name and arguments");
			}
			return new Job(this.name, this.queue, this.args);
		}

	}

	/**
	 * A stored entry named by its exact text.
	 *
	 * @param raw the entry's stored text
	 */
	record Stored(String raw) {

	}

	/**
	 * Entries named by their stored text, and what to do with them.
	 *
	 * @param action {@code retry} or {@code remove}
	 * @param raws the entries
	 */
	record Selection(String action, List<String> raws) {

		Selection {
			raws = (raws != null) ? raws : List.of();
		}

	}

	/**
	 * A filter of the failed queue, and what to do with the entries that match.
	 *
	 * @param action {@code retry} or {@code remove}
	 * @param q text
	 * @param queue queue
	 * @param exception error class
	 */
	record Matching(String action, @Nullable String q, @Nullable String queue, @Nullable String exception) {

	}

	/**
	 * A worker named by the browser.
	 *
	 * @param worker its name
	 */
	record WorkerRef(String worker) {

	}

}
