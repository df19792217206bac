package dev.resque.sample;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import dev.resque.core.ResqueOperations;

/** Enqueues some work at startup, so that the sample has something to show at once. */
@Component
@ConditionalOnBooleanProperty(name = "sample.demo-on-startup", matchIfMissing = true)
class SignUpDemo implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(SignUpDemo.class);

	private final ResqueOperations resque;

	SignUpDemo(ResqueOperations resque) {
		this.resque = resque;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.resque.enqueue(SendWelcomeMail.class, "ada@example.com", Locale.UK);
		this.resque.enqueueIn(Duration.ofMinutes(10), SendWelcomeMail.class, "grace@example.com", Locale.US);
		// the raw form: a job another language's workers may run
		this.resque.enqueue("reports", "GenerateReport", List.of("2026-11", "pdf"));
		log.info("Enqueued a welcome mail, a welcome mail for in ten minutes and a report; "
				+ "try POST /signups?email=you@example.com, and GET /actuator/resque signed in as admin");
	}

}
