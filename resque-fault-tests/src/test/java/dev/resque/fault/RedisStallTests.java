package dev.resque.fault;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.JobRegistry;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stalls (SIGSTOP) for longer than the client's command timeout, and is killed and restarted from its
 * append-only file, in the middle of a drain: the client gives up on calls that Redis still runs later, and the
 * worker calls again. Every job must run, none may vanish.
 */
class RedisStallTests {

	private final ResqueKeys keys = new ResqueKeys("resque");

	private RedisServerProcess server;

	private LettuceConnectionFactory factory;

	private ResqueWorkerContainer container;

	@AfterEach
	void tearDown() {
		if (this.container != null) {
			this.container.stop();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aStallLongerThanTheCommandTimeoutLosesNoJob() {
		this.server = RedisServerProcess.startOnFreePort();
		JobLedger ledger = drainWithOneWorker(300, 20);
		for (int stall = 1; stall <= 2; stall++) {
			long before = ledger.completed();
			await().atMost(Duration.ofSeconds(30)).until(() -> ledger.completed() >= before + 40);
			this.server.pause();
			await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
			this.server.resume();
		}
		await().atMost(Duration.ofSeconds(60)).until(ledger::allRan);
		assertDrained(ledger, 2);
	}

	@Test
	void redisKilledAndRestartedFromItsAppendOnlyFileLosesNoJob() {
		this.server = RedisServerProcess.startOnFreePortWithAof();
		JobLedger ledger = drainWithOneWorker(300, 20);
		for (int kill = 1; kill <= 2; kill++) {
			long before = ledger.completed();
			await().atMost(Duration.ofSeconds(30)).until(() -> ledger.completed() >= before + 40);
			this.server.stop();
			await().pollDelay(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
			this.server.start();
		}
		await().atMost(Duration.ofSeconds(60)).until(ledger::allRan);
		assertDrained(ledger, 2);
	}

	/** One worker thread, a command timeout of one second, jobs of a few milliseconds. */
	private JobLedger drainWithOneWorker(int jobs, long millis) {
		this.factory = RedisConnections.connectionFactory(this.server.host(), this.server.port(), 0, Duration.ofSeconds(1));
		ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, new JobCodec());
		MemoryRecordedJob job = new MemoryRecordedJob();
		JobLedger ledger = new JobLedger(resque, "job-", jobs, job);
		ledger.enqueueAll(millis);
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(MemoryRecordedJob.class), () -> job);
		JobCodec codec = new JobCodec();
		this.container = new ResqueWorkerContainer(this.factory, this.keys, codec, new JobInvoker(registry, codec),
				new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("stall", List.of("q"), 1, Duration.ofMillis(100))),
				Duration.ofMillis(500), Duration.ofSeconds(2));
		this.container.start();
		return ledger;
	}

	private void assertDrained(JobLedger ledger, int faults) {
		ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, new JobCodec());
		// one worker holds at most one job at a fault: that one may run twice
		ledger.assertEveryJobRanAtLeastOnce(faults);
		assertThat(resque.length("q")).isZero();
		assertThat(resque.failedCount()).isZero();
		assertThat(resque.allWorkingOn()).allSatisfy((status) -> assertThat(status.workingOn()).isNull());
		assertThat(resque.workers()).extracting((worker) -> worker.name())
			.containsExactlyElementsOf(this.container.workerNames());
	}

}
