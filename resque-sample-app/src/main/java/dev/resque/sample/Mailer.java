package dev.resque.sample;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Stands in for a mail gateway: it logs what it sends and remembers it. */
@Component
public class Mailer {

	private static final Logger log = LoggerFactory.getLogger(Mailer.class);

	private final List<String> sent = new CopyOnWriteArrayList<>();

	public void sendWelcome(String email, Locale locale) {
		this.sent.add(email);
		log.info("Welcome mail sent to {} ({})", email, locale.getDisplayLanguage(Locale.ENGLISH));
	}

	public List<String> sent() {
		return List.copyOf(this.sent);
	}

}
