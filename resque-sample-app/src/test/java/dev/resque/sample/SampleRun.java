package dev.resque.sample;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

/** The sample application run against the tests' Redis, in a namespace of its own that is deleted afterwards. */
final class SampleRun {

	private SampleRun() {
	}

	/** Starts the sample on the tests' Redis with the given extra arguments ({@code --name=value}). */
	static ConfigurableApplicationContext start(String owner, String... extra) {
		TestRedis redis = TestRedis.get();
		List<String> args = new ArrayList<>(List.of("--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.database=" + redis.database(),
				"--resque.namespace=" + TestRedis.newNamespace(owner)));
		args.addAll(List.of(extra));
		// the dashboard showcase only where a test asks for it: the others count the sign-up demo's jobs
		if (args.stream().noneMatch((arg) -> arg.startsWith("--sample.showcase"))) {
			args.add("--sample.showcase=false");
		}
		return SpringApplication.run(SampleApplication.class, args.toArray(String[]::new));
	}

	/** Deletes the run's namespace and closes it; nothing to do when it never started. */
	static void close(@Nullable ConfigurableApplicationContext context) {
		if (context != null) {
			RedisConnections.deleteNamespace(context.getBean(StringRedisTemplate.class),
					context.getEnvironment().getProperty("resque.namespace"));
			context.close();
		}
	}

}
