package dev.resque.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sample's public API and Actuator are open (it is a demo); everything else, the Resque dashboard included,
 * needs a signed-in user, and the dashboard also the role RESQUE_ADMIN.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String[] PUBLIC = { "/signups", "/reports", "/search-index/refresh", "/actuator/**", "/error" };

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers(PUBLIC))
			.httpBasic(Customizer.withDefaults())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

}
