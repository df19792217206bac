package dev.resque.sample;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gives a client that is not a page of ours (curl, a script) the CSRF token of its session, to send as the
 * {@code X-CSRF-TOKEN} header with POSTs to Actuator. Plain text, so that a shell can take it as it is; another
 * site cannot read it, as browsers do not let a page read what another origin answers.
 */
@RestController
class CsrfTokenController {

	@GetMapping(path = "/csrf", produces = MediaType.TEXT_PLAIN_VALUE)
	String csrfToken(CsrfToken token) {
		return token.getToken();
	}

}
