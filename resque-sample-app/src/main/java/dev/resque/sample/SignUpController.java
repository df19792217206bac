package dev.resque.sample;

import java.util.Locale;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.resque.core.ResqueOperations;

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
		boolean enqueued = this.resque.enqueue(SendWelcomeMail.class, email, Locale.forLanguageTag(locale));
		return ResponseEntity.accepted().body(Map.of("email", email, "welcomeMailEnqueued", enqueued));
	}

	@PostMapping("/reports")
	ResponseEntity<Map<String, Object>> report(@RequestParam String period, @RequestParam(defaultValue = "pdf") String format) {
		boolean enqueued = this.resque.enqueue("reports", "GenerateReport", java.util.List.of(period, format));
		return ResponseEntity.accepted().body(Map.of("period", period, "enqueued", enqueued));
	}

	@PostMapping("/search-index/refresh")
	ResponseEntity<Map<String, Object>> refreshSearchIndex() {
		boolean enqueued = this.resque.enqueue(RefreshSearchIndex.class);
		return ResponseEntity.accepted().body(Map.of("enqueued", enqueued));
	}

}
