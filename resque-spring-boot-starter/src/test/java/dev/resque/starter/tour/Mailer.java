package dev.resque.starter.tour;

import java.util.Locale;

/** The collaborator the tour's job calls; the test gives it a recording implementation. */
public interface Mailer {

	void sendWelcome(String email, Locale locale);

}
