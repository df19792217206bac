package dev.resque.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.resque.test.redis.RedisServerProcess;

/**
 * Lets the sample run on a machine with nothing but a JDK: when no {@code spring.data.redis.*} connection is
 * configured, it starts a private Redis (a {@code redis-server} from the PATH, else an embedded binary) and
 * points Spring Boot at it. The server stops after everything that uses it, when the application closes.
 */
class EmbeddedRedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final List<String> CONNECTION_PROPERTIES = List.of("spring.data.redis.host",
			"spring.data.redis.port", "spring.data.redis.url", "spring.data.redis.sentinel.master",
			"spring.data.redis.cluster.nodes");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (CONNECTION_PROPERTIES.stream().anyMatch(environment::containsProperty)) {
			return;
		}
		EmbeddedRedis redis = new EmbeddedRedis(RedisServerProcess.startOnFreePort());
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRedis", Map.of("spring.data.redis.host", redis.server.host(),
					"spring.data.redis.port", redis.server.port())));
		application.addInitializers(
				(context) -> context.getBeanFactory().registerSingleton("embeddedRedisServer", redis));
		System.out.println("No spring.data.redis.* configured: started an embedded Redis on " + redis.server.host()
				+ ":" + redis.server.port() + " (it keeps nothing on disk; set spring.data.redis.host/port to use your own)");
	}

	/** Stops the server in the last lifecycle phase, after the Redis connection factory and the workers. */
	static final class EmbeddedRedis implements SmartLifecycle {

		private final RedisServerProcess server;

		private final CountDownLatch stopped = new CountDownLatch(1);

		EmbeddedRedis(RedisServerProcess server) {
			this.server = server;
			// never leave the server behind, even if the application does not close normally
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					this.stopped.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				server.close();
			}, "embedded-redis-shutdown"));
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
			this.server.close();
			this.stopped.countDown();
		}

		@Override
		public boolean isRunning() {
			return this.server.isRunning();
		}

		@Override
		public int getPhase() {
			return Integer.MIN_VALUE;
		}

	}

}
