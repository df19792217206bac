package dev.resque.sample;

import java.util.Locale;

import dev.resque.core.job.ResqueJob;

/** Sends the welcome mail after a sign-up. */
@ResqueJob(queue = "mailers")
public class SendWelcomeMail {

	private final Mailer mailer;

	SendWelcomeMail(Mailer mailer) {
		this.mailer = mailer;
	}

	public void perform(String email, Locale locale) {
		this.mailer.sendWelcome(email, locale);
	}

}
