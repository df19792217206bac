package dev.resque.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.WorkerStartedEvent;
import dev.resque.core.queue.FailedJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Errors that are not the job's: an OutOfMemoryError while decoding a payload (in a JVM with a small heap) fails
 * that job and the worker goes on; a worker thread that dies is replaced and the pool keeps its size.
 */
class WorkerSupervisionTests extends FaultTestSupport {

	private WorkerJvm jvm;

	@AfterEach
	void stopTheJvm() {
		if (this.jvm != null) {
			this.jvm.close();
		}
	}

	@Test
	void outOfMemoryInDecodeFailsTheJobAndTheWorkerGoesOn() {
		// six million one-letter strings: 24 MB of JSON that decodes to far more than a 256 MB heap
		StringBuilder payload = new StringBuilder(24_500_000).append("{\"class\":\"Recorded\",\"queue\":\"q\",\"args\":[[");
		for (int i = 0; i < 6_000_000; i++) {
			payload.append((i > 0) ? ",\"a\"" : "\"a\"");
		}
		payload.append("],0]}");
		byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
		this.redis.execute((RedisCallback<Long>) (connection) -> connection.listCommands()
			.rPush(this.keys.queue("q").getBytes(StandardCharsets.UTF_8), bytes));
		this.resque.enqueue("q", "Recorded", List.of("after", 0));

		this.jvm = WorkerJvm.start(this.server, "resque", "oom", List.of(), "-Xmx256m", "-Dfault.concurrency=1",
				"-Dfault.maxPayload=1000000000");
		List<String> names = this.jvm.awaitWorkers(this.redis, this.keys);
		JobLedger ledger = new JobLedger(this.resque, this.redis, this.keys, "unused-", 0);
		await().atMost(Duration.ofSeconds(90)).until(() -> ledger.runs().containsKey("after"));
		assertThat(this.admin.failures().count()).isEqualTo(1);
		FailedJob failed = this.admin.failures().range(0, 0).get(0);
		assertThat(failed.exception()).isEqualTo(OutOfMemoryError.class.getName());
		assertThat(failed.json().length()).isGreaterThan(bytes.length);
		assertThat(this.jvm.isAlive()).isTrue();
		assertThat(this.admin.workers().registered()).extracting((worker) -> worker.name()).containsExactlyElementsOf(names);
	}

	@Test
	void aWorkerThreadThatDiesIsReplaced() {
		AtomicBoolean thrown = new AtomicBoolean();
		ResqueJobListener breaksOnce = new ResqueJobListener() {
			@Override
			public void workerStarted(WorkerStartedEvent event) {
				if (thrown.compareAndSet(false, true)) {
					throw new StackOverflowError("a thread that dies");
				}
			}
		};
		workers(2, Duration.ofMillis(200), breaksOnce).start();
		// the Error escapes a worker thread on purpose: Awaitility must not take it for the test's own
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5)).until(thrown::get);
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
			.until(() -> this.container.liveWorkerNames().size() == 2);
		assertThat(this.container.problems()).isEmpty();

		// both threads work: two jobs of a second each run side by side
		this.resque.enqueue("q", "Recorded", List.of("one", 1_500));
		this.resque.enqueue("q", "Recorded", List.of("two", 1_500));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.container.busyWorkers() == 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.job.runs.size() == 2);
		assertThat(this.admin.workers().registered()).hasSize(2);
	}

}
