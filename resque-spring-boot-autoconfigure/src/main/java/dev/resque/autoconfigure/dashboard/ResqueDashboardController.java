package dev.resque.autoconfigure.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.ClassPathResource;
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
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's page and JSON API under {@code resque.dashboard.path}. Every action is a POST that must carry
 * the {@code X-Resque-Dashboard} header, which a page of another site cannot send without the browser asking
 * first; with Spring Security, CSRF tokens are checked as well.
 */
@RestController
@RequestMapping("${resque.dashboard.path:/resque}")
class ResqueDashboardController {

	static final String ACTION_HEADER = "X-Resque-Dashboard";

	private final DashboardApi api;

	private final String page;

	private final String path;

	ResqueDashboardController(DashboardApi api, String path) {
		this.api = api;
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

	@GetMapping("/api/overview")
	Map<String, Object> overview() {
		return this.api.overview();
	}

	@GetMapping("/api/queues/{queue}")
	Map<String, Object> queue(@PathVariable String queue, @RequestParam(defaultValue = "0") int start,
			@RequestParam(defaultValue = "20") int count) {
		return this.api.queue(queue, start, count);
	}

	@PostMapping("/api/queues/{queue}/delete-job")
	Map<String, Object> deleteJob(@RequestHeader(ACTION_HEADER) String action, @PathVariable String queue,
			@RequestBody JobRef job) {
		return this.api.deleteJob(queue, job.name(), job.args());
	}

	@PostMapping("/api/queues/{queue}/clear")
	Map<String, Object> clearQueue(@RequestHeader(ACTION_HEADER) String action, @PathVariable String queue) {
		return this.api.clearQueue(queue);
	}

	@GetMapping("/api/failed")
	Map<String, Object> failed(@RequestParam(defaultValue = "0") int start, @RequestParam(defaultValue = "20") int count) {
		return this.api.failed(start, count);
	}

	@PostMapping("/api/failed/{index}/retry")
	Map<String, Object> retryFailed(@RequestHeader(ACTION_HEADER) String action, @PathVariable int index) {
		return this.api.retryFailed(index);
	}

	@PostMapping("/api/failed/{index}/remove")
	Map<String, Object> removeFailed(@RequestHeader(ACTION_HEADER) String action, @PathVariable int index) {
		return this.api.removeFailed(index);
	}

	@PostMapping("/api/failed/retry-all")
	Map<String, Object> retryAllFailed(@RequestHeader(ACTION_HEADER) String action) {
		return this.api.retryAllFailed();
	}

	@PostMapping("/api/failed/clear")
	Map<String, Object> clearFailed(@RequestHeader(ACTION_HEADER) String action) {
		return this.api.clearFailed();
	}

	@GetMapping("/api/delayed")
	List<Map<String, Object>> delayed() {
		return this.api.delayed();
	}

	@PostMapping("/api/delayed/enqueue-now")
	Map<String, Object> enqueueDelayedNow(@RequestHeader(ACTION_HEADER) String action, @RequestBody JobRef job) {
		return this.api.enqueueDelayedNow(job.queue(), job.name(), job.args());
	}

	@PostMapping("/api/delayed/delete")
	Map<String, Object> deleteDelayed(@RequestHeader(ACTION_HEADER) String action, @RequestBody JobRef job) {
		return this.api.deleteDelayed(job.queue(), job.name(), job.args());
	}

	@GetMapping("/api/workers")
	List<Map<String, Object>> workers() {
		return this.api.workers();
	}

	@GetMapping("/api/schedules")
	List<Map<String, Object>> schedules() {
		return this.api.schedules();
	}

	@PostMapping("/api/schedules/{name}/enqueue-now")
	Map<String, Object> enqueueScheduleNow(@RequestHeader(ACTION_HEADER) String action, @PathVariable String name) {
		return this.api.enqueueScheduleNow(name);
	}

	@GetMapping("/api/stats")
	Object stats() {
		return this.api.stats();
	}

	/** A tracked job's status by its id: state, attempts, progress, last error, where and since when it runs. */
	@GetMapping("/api/jobs/{id}")
	Object job(@PathVariable String id) {
		return this.api.job(id);
	}

	/** The latest ended jobs, newest first. */
	@GetMapping("/api/history")
	Map<String, Object> history(@RequestParam(defaultValue = "0") long start,
			@RequestParam(defaultValue = "50") int count) {
		return this.api.history(start, count);
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

	}

}
