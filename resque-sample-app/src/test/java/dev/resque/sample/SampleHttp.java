package dev.resque.sample;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to a running sample over real HTTP, as curl sends them: anonymous or signed in with HTTP basic on every
 * request, keeping cookies (and so the session that holds the CSRF token) between requests, as curl's cookie jar.
 */
final class SampleHttp {

	static final String CSRF_HEADER = "X-CSRF-TOKEN";

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	private final String base;

	private final @Nullable String authorization;

	private SampleHttp(ConfigurableApplicationContext context, @Nullable String authorization) {
		this.base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
		this.authorization = authorization;
	}

	static SampleHttp anonymous(ConfigurableApplicationContext context) {
		return new SampleHttp(context, null);
	}

	/** The demo user of the sample's application.yml. */
	static SampleHttp admin(ConfigurableApplicationContext context) {
		return signedIn(context, "admin", "admin");
	}

	static SampleHttp signedIn(ConfigurableApplicationContext context, String user, String password) {
		String credentials = user + ":" + password;
		return new SampleHttp(context,
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
	}

	HttpResponse<String> get(String path) throws Exception {
		return send(request(path).GET());
	}

	/** A JSON POST without a CSRF token. */
	HttpResponse<String> post(String path, String json) throws Exception {
		return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** A JSON POST with the given CSRF token. */
	HttpResponse<String> post(String path, String json, String csrfToken) throws Exception {
		return send(request(path).header("Content-Type", "application/json")
			.header(CSRF_HEADER, csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** A token for this client's session, from {@code GET /csrf} as the README takes it. */
	String csrfToken() throws Exception {
		HttpResponse<String> token = get("/csrf");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(token.body()).isNotBlank();
		return token.body();
	}

	/** The token the login form carries, which anyone can have, signed in or not. */
	String loginFormCsrfToken() throws Exception {
		HttpResponse<String> page = get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		Matcher matcher = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page.body());
		assertThat(matcher.find()).as(page.body()).isTrue();
		return matcher.group(1);
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path));
		if (this.authorization != null) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
