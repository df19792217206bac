package dev.resque.sample;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.resque.autoconfigure.ResqueProperties;

/**
 * Who may do what in the sample:
 * <ul>
 * <li>the public API ({@code POST /signups}, {@code /reports}, {@code /search-index/refresh}) is open to anyone;
 * <li>of Actuator, anonymous users see only {@code /actuator/health} and its components, without details; every
 * other endpoint needs the dashboard's role ({@code resque.dashboard.role}), so that one role administers Resque
 * whether through the dashboard or Actuator;
 * <li>everything else needs a signed-in user, and the dashboard also its role (the starter checks it).
 * </ul>
 * Every POST outside the public API also needs a CSRF token: a browser adds its session cookie and remembered HTTP
 * basic credentials to a request that a page of another site makes it send, so only the token shows that the
 * request came from our dashboard or from a client that asked for one ({@code GET /csrf}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The demo's public API, which curl and other services call without signing in. */
	private static final RequestMatcher PUBLIC_API = new OrRequestMatcher(post("/signups"), post("/reports"),
			post("/search-index/refresh"));

	/** Actuator first: its own chain, so that its rules hold whatever the application's chain permits. */
	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http, ResqueProperties resque) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.anyRequest()
				.hasRole(resque.getDashboard().getRole()))
			// basic only: a client not signed in gets 401 and a challenge, not a login page; a browser signed in to
			// the dashboard is let in by its session
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC_API)
			.permitAll()
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			// CSRF protects the credentials a browser sends by itself. The public API needs none and acts for nobody,
			// so a forged request can do nothing a direct one cannot, and its callers have no session to take a
			// token from: checking tokens there would only break them.
			.csrf((csrf) -> csrf.ignoringRequestMatchers(PUBLIC_API))
			.httpBasic(Customizer.withDefaults())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	private static RequestMatcher post(String path) {
		return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
	}

}
