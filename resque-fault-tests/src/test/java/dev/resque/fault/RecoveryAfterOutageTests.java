package dev.resque.fault;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.core.ResqueOperations;
import dev.resque.core.job.ResqueJob;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis away for longer than Lettuce's own reconnect back-off takes to reach its 30 s ceiling, then back: with the
 * auto-configuration's cap ({@code resque.reconnect-max-delay}, 2 s) a job enqueued once Redis answers runs within
 * seconds, not up to half a minute later.
 */
class RecoveryAfterOutageTests {

	private static final Duration OUTAGE = Duration.ofSeconds(35);

	private final RedisServerProcess server = RedisServerProcess.startOnFreePort();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void workersResumeWithinSecondsOfRedisBeingBack() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, ResqueAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + this.server.host(),
					"spring.data.redis.port=" + this.server.port(), "spring.data.redis.timeout=1s",
					"resque.worker.queues=q", "resque.worker.concurrency=1", "resque.scheduler.enabled=false")
			.withUserConfiguration(Jobs.class)
			.run((context) -> {
				ResqueOperations resque = context.getBean(ResqueOperations.class);
				Ran ran = context.getBean(Ran.class);
				resque.enqueue(Record.class, "before");
				await().atMost(Duration.ofSeconds(10)).until(() -> ran.jobs.contains("before"));

				this.server.stop();
				await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
				this.server.start();
				long back = System.nanoTime();
				// the enqueue waits for its own connection to come back, as an application's would
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> resque.enqueue(Record.class, "after").enqueued());
				await().atMost(Duration.ofSeconds(30)).until(() -> ran.jobs.contains("after"));
				Duration recovery = Duration.ofNanos(System.nanoTime() - back);
				System.out.println("RECOVERY outage_s=" + OUTAGE.toSeconds() + " job_ran_after_s="
						+ String.format("%.2f", recovery.toMillis() / 1000.0));
				assertThat(recovery).isLessThan(Duration.ofSeconds(10));
			});
	}

	static class Ran {

		final List<String> jobs = new CopyOnWriteArrayList<>();

	}

	@ResqueJob(queue = "q")
	static class Record {

		private final Ran ran;

		Record(Ran ran) {
			this.ran = ran;
		}

		public void perform(String what) {
			this.ran.jobs.add(what);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Record.class)
	static class Jobs {

		@Bean
		Ran ran() {
			return new Ran();
		}

	}

}
