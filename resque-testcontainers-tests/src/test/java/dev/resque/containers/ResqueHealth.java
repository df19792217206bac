package dev.resque.containers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /actuator/health/resque} of the running application, as a load balancer or curl asks for it. */
final class ResqueHealth {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI uri;

	ResqueHealth(int port) {
		this.uri = URI.create("http://localhost:" + port + "/actuator/health/resque");
	}

	/** The health's status ({@code UP} answers 200, {@code DOWN} 503) and details. */
	Reading read() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(10)).GET().build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Reading(response.statusCode(), json.readTree(response.body()));
	}

	/** One answer of the endpoint. */
	record Reading(int httpStatus, JsonNode body) {

		String status() {
			return this.body.path("status").asString();
		}

		JsonNode details() {
			return this.body.path("details");
		}

	}

}
