package dev.resque.core.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.Cancellation;
import dev.resque.core.queue.WorkerStatus;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancelling a job: removed from its queue and the schedule, and stopped where it runs on another instance (each
 * instance with its own connection), recorded as cancelled; a job that does not block sees the flag itself.
 */
class JobCancellationTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final Map<String, Integer> runs = new ConcurrentHashMap<>();

	private final CountDownLatch started = new CountDownLatch(1);

	private Instances instances;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	@BeforeEach
	void setUp() {
		this.instances = new Instances("Cancel", this.support);
		this.resque = this.instances.resque;
		this.admin = this.instances.admin;
		this.support.register(new Sleeper(this.runs, this.started));
		this.support.register(new Spinner(this.runs, this.started));
	}

	@AfterEach
	void tearDown() {
		this.instances.close();
	}

	@Test
	void aRunningJobIsStoppedOnTheInstanceThatRunsItAndRecordedCancelled() throws Exception {
		start(2);
		this.resque.enqueue("work", "Sleeper", List.of("long", 30_000));
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		long cancelled = System.nanoTime();
		Cancellation cancellation = this.admin.cancel(Job.of("work", "Sleeper", "long", 30_000));
		assertThat(cancellation).isEqualTo(new Cancellation(0, 0, 1));
		await().pollInterval(Duration.ofMillis(5))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.support.events.cancelled.size() == 1);
		Duration took = Duration.ofNanos(System.nanoTime() - cancelled);
		System.out.println("Running job cancelled from another instance: ended " + took.toMillis() + " ms after cancel()");
		assertThat(took).as("from cancel to the job's end").isLessThan(Duration.ofMillis(500));
		assertThat(this.runs).containsEntry("interrupted long", 1).doesNotContainKey("slept long");
		assertThat(this.support.events.cancelled.get(0).job()).isEqualTo(Job.of("work", "Sleeper", "long", 30_000));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.stats().cancelled() == 1);
		assertThat(this.admin.stats().processed()).isZero();
		assertThat(this.admin.stats().failed()).isZero();
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.admin.workers().statuses()).allMatch(WorkerStatus::isIdle);
		// the worker carries on: the interrupt was that job's only
		this.resque.enqueue("work", "Sleeper", List.of("short", 10));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.runs.containsKey("slept short"));
		assertThat(this.admin.stats().processed()).isOne();
	}

	@Test
	void queuedAndDelayedCopiesAreRemovedAndNothingRuns() {
		for (int i = 0; i < 3; i++) {
			this.resque.enqueue("idle", "Sleeper", List.of("queued", 10));
		}
		this.resque.enqueue("idle", "Sleeper", List.of("other", 10));
		this.resque.enqueueIn(Duration.ofHours(1), Job.of("idle", "Sleeper", "queued", 10));
		Cancellation cancellation = this.admin.cancel(Job.of("idle", "Sleeper", "queued", 10));
		assertThat(cancellation).isEqualTo(new Cancellation(3, 1, 0));
		assertThat(cancellation.found()).isTrue();
		assertThat(this.admin.queues().jobs("idle", 0, -1)).containsExactly(Job.of("idle", "Sleeper", "other", 10));
		assertThat(this.admin.delayed().count()).isZero();
		assertThat(this.admin.cancel(Job.of("idle", "Sleeper", "queued", 10)).found()).isFalse();
	}

	@Test
	void aJobThatDoesNotBlockSeesTheCancellationItself() throws Exception {
		start(1);
		this.resque.enqueue("work", "Spinner", List.of("spin"));
		assertThat(this.started.await(5, TimeUnit.SECONDS)).isTrue();
		this.admin.cancel(Job.of("work", "Spinner", "spin"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.support.events.cancelled.size() == 1);
		assertThat(this.runs).containsEntry("stopped spin", 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.stats().cancelled() == 1);
		assertThat(this.admin.stats().processed()).isZero();
	}

	/** Two instances, each with its own connection, on the same queue: whichever takes the job, it is found. */
	private void start(int instances) {
		for (int i = 0; i < instances; i++) {
			this.instances.start(POLL, pool(1, POLL, "work"), (instance) -> {
			});
		}
	}

	@ResqueJob(name = "Sleeper")
	static class Sleeper {

		private final Map<String, Integer> runs;

		private final CountDownLatch started;

		Sleeper(Map<String, Integer> runs, CountDownLatch started) {
			this.runs = runs;
			this.started = started;
		}

		public void perform(String id, long millis) throws InterruptedException {
			this.started.countDown();
			try {
				Thread.sleep(millis);
				this.runs.merge("slept " + id, 1, Integer::sum);
			}
			catch (InterruptedException ex) {
				this.runs.merge("interrupted " + id, 1, Integer::sum);
				throw ex;
			}
		}

	}

	/** Never blocks, so an interrupt alone would not stop it: it looks at the flag. */
	@ResqueJob(name = "Spinner")
	static class Spinner {

		private final Map<String, Integer> runs;

		private final CountDownLatch started;

		Spinner(Map<String, Integer> runs, CountDownLatch started) {
			this.runs = runs;
			this.started = started;
		}

		public void perform(String id) {
			this.started.countDown();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!JobCancellation.isRequested() && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			this.runs.merge(JobCancellation.isRequested() ? "stopped " + id : "spun " + id, 1, Integer::sum);
		}

	}

}
