package dev.resque.core.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis restarts under running workers: they log once, back off, reconnect and lose nothing. */
class WorkerRedisOutageTests {

	private final RedisServerProcess server = RedisServerProcess.startOnFreePort();

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.server.host(),
			this.server.port(), 0);

	private final ListAppender<ILoggingEvent> outageLog = new ListAppender<>();

	private ResqueWorkerContainer container;

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		this.factory.destroy();
		this.server.close();
		((Logger) LoggerFactory.getLogger(RedisOutage.class)).detachAppender(this.outageLog);
	}

	@Test
	void workersSurviveARedisRestartAndLoseNoJob() {
		Logger logger = (Logger) LoggerFactory.getLogger(RedisOutage.class);
		this.outageLog.start();
		logger.addAppender(this.outageLog);
		ResqueKeys keys = ResqueKeys.defaults();
		ResqueTemplate resque = new ResqueTemplate(this.factory, keys, new JobCodec());
		ResqueAdmin admin = new ResqueAdmin(this.factory, keys, new JobCodec());
		Counter counter = new Counter();
		WorkerTestSupport support = new WorkerTestSupport();
		support.register(counter);
		this.container = support.container(this.factory, keys, Duration.ofMillis(200), Duration.ofSeconds(5),
				pool(3, Duration.ofMillis(200), "q"));
		this.container.start();

		resque.enqueue("q", "Counter", List.of(1, 1_500));
		await().atMost(Duration.ofSeconds(5)).until(() -> counter.running.get() == 1);
		for (int i = 2; i <= 10; i++) {
			resque.enqueue("q", "Counter", List.of(i, 0));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> counter.done.size() == 10);
		for (int i = 11; i <= 20; i++) {
			resque.enqueue("q", "Counter", List.of(i, 800));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> counter.running.get() == 3);

		// jobs are running while Redis goes away for longer than the command timeout (5 s), so commands fail:
		// their outcome must still be recorded once it is back
		this.server.stopKeepingData();
		await().pollDelay(Duration.ofMillis(6_500)).atMost(Duration.ofSeconds(8)).until(() -> true);
		this.server.start();

		await().atMost(Duration.ofSeconds(30)).until(() -> counter.done.size() == 20);
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats().processed() == 20);
		assertThat(counter.done).hasSize(20).doesNotHaveDuplicates();
		assertThat(admin.failures().count()).isZero();
		assertThat(admin.queues().length("q")).isZero();
		assertThat(admin.workers().registered()).hasSize(3);
		assertThat(this.outageLog.list).filteredOn((event) -> event.getLevel() == Level.WARN).hasSize(1);
		assertThat(this.outageLog.list).filteredOn((event) -> event.getLevel() == Level.INFO).hasSizeGreaterThanOrEqualTo(1);
	}

	@ResqueJob
	static class Counter {

		final List<Integer> done = new CopyOnWriteArrayList<>();

		final AtomicInteger running = new AtomicInteger();

		public void perform(int id, long millis) throws InterruptedException {
			this.running.incrementAndGet();
			try {
				Thread.sleep(millis);
			}
			finally {
				this.running.decrementAndGet();
			}
			this.done.add(id);
		}

	}

}
