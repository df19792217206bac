package dev.resque.sample;

import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.resque.test.redis.RedisServerProcess;

/**
 * Lets the sample run on a machine with nothing but a JDK: when no {@code spring.data.redis.*} connection is
 * configured, it starts a private Redis (a {@code redis-server} from the PATH, else an embedded binary) and
 * points Spring Boot at it.
 */
class EmbeddedRedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final List<String> CONNECTION_PROPERTIES = List.of("spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.url", "spring.data.redis.sentinel.master",
			"spring.data.redis.cluster.nodes");

	private static RedisServerProcess server;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (CONNECTION_PROPERTIES.stream().anyMatch(environment::containsProperty)) {
			return;
		}
		RedisServerProcess redis = startOnce();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRedis",
					Map.of("spring.data.redis.host", redis.host(), "spring.data.redis.port", redis.port())));
		System.out.println("No spring.data.redis.* configured: started an embedded Redis on " + redis.host() + ":"
				+ redis.port() + " (it keeps nothing on disk; set spring.data.redis.host/port to use your own)");
	}

	private static synchronized RedisServerProcess startOnce() {
		if (server == null) {
			server = RedisServerProcess.startOnFreePort();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-redis-shutdown"));
		}
		return server;
	}

}
