package dev.resque.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.resque.core.ResqueOperations;
import dev.resque.core.job.EnqueueResult;

/** Requests answer at once; the work is done in the background. */
@RestController
class SignUpController {

	private final ResqueOperations resque;

	SignUpController(ResqueOperations resque) {
		this.resque = resque;
	}

	@PostMapping("/signups")
	ResponseEntity<Map<String, Object>> signUp(@RequestParam String email,
			@RequestParam(defaultValue = "en-GB") String locale) {
		EnqueueResult mail = this.resque.enqueue(SendWelcomeMail.class, email, Locale.forLanguageTag(locale));
		return ResponseEntity.accepted().body(body(mail, "email", email));
	}

	@PostMapping("/reports")
	ResponseEntity<Map<String, Object>> report(@RequestParam String period, @RequestParam(defaultValue = "pdf") String format) {
		EnqueueResult report = this.resque.enqueue("reports", "GenerateReport", List.of(period, format));
		return ResponseEntity.accepted().body(body(report, "period", period));
	}

	@PostMapping("/search-index/refresh")
	ResponseEntity<Map<String, Object>> refreshSearchIndex() {
		return ResponseEntity.accepted().body(body(this.resque.enqueue(RefreshSearchIndex.class), null, null));
	}

	/** What was asked for, whether it was enqueued and the job's id, by which its status is read. */
	private static Map<String, Object> body(EnqueueResult result, String name, Object value) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (name != null) {
			body.put(name, value);
		}
		body.put("enqueued", result.enqueued());
		if (result.jobId() != null) {
			body.put("jobId", result.jobId());
		}
		return body;
	}

}
