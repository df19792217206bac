package dev.resque.sample;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;

/** Sends the welcome mail after a sign-up. */
@ResqueJob(queue = "mailers")
public class SendWelcomeMail {

	private static final Logger log = LoggerFactory.getLogger(SendWelcomeMail.class);

	public void perform(String email, Locale locale) {
		log.info("Welcome mail sent to {} ({})", email, locale.getDisplayLanguage(Locale.ENGLISH));
	}

}
