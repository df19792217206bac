package dev.resque.core.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.WorkerHungEvent;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Jobs past their timeout: interrupted and failed with {@link JobTimeoutException}, the worker living on; a job
 * that ignores the interrupt gets its worker given up on as hung, the job requeued or failed, a new worker in its
 * place, and the hung thread reported until it ends.
 */
class JobTimeoutTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private static LettuceConnectionFactory factory;

	private static StringRedisTemplate redis;

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final Map<String, Integer> runs = new ConcurrentHashMap<>();

	private final Stubborn stubborn = new Stubborn(this.runs);

	private String ns;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	private ResqueWorkerContainer container;

	@BeforeAll
	static void connect() {
		factory = RedisConnections.connectionFactory(TestRedis.get());
		redis = new StringRedisTemplate(factory);
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
	}

	@BeforeEach
	void setUp() {
		this.ns = TestRedis.newNamespace("Timeouts");
		ResqueKeys keys = new ResqueKeys(this.ns);
		this.resque = new ResqueTemplate(factory, keys, new JobCodec());
		this.admin = new ResqueAdmin(factory, keys, new JobCodec());
		this.support.register(new Sleeper(this.runs));
		this.support.register(new Napper(this.runs));
		this.support.register(new Patient(this.runs));
		this.support.register(this.stubborn);
		this.container = this.support.container(factory, keys, POLL, Duration.ofSeconds(5), pool(1, POLL, "q"));
	}

	@AfterEach
	void tearDown() {
		this.stubborn.release.countDown();
		this.container.stop();
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	@Test
	void aJobPastItsTimeoutIsInterruptedAndFailsAndTheWorkerLivesOn() {
		this.container.start();
		long started = System.nanoTime();
		this.resque.enqueue("q", "Sleeper", List.of("slow", 10_000));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 1);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		FailedJob failed = this.admin.failures().at(0).orElseThrow();
		assertThat(failed.exception()).isEqualTo(JobTimeoutException.class.getName());
		assertThat(failed.error()).isEqualTo("Job Sleeper ran past its timeout of 300ms and was interrupted");
		assertThat(failed.payload().args()).containsExactly("slow", 10_000);
		assertThat(this.runs).containsEntry("interrupted slow", 1);
		// the interrupt was the job's only: the same worker takes and runs the next one
		this.resque.enqueue("q", "Sleeper", List.of("quick", 10));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.runs.containsKey("slept quick"));
		assertThat(this.admin.stats().processed()).isEqualTo(1);
		assertThat(this.support.events.workersHung).isEmpty();
	}

	@Test
	void theWorkersTimeoutAppliesToJobsWithoutTheirOwn() {
		this.container.setJobTimeout(Duration.ofMillis(200));
		this.container.start();
		this.resque.enqueue("q", "Napper", List.of("nap", 10_000));
		this.resque.enqueue("q", "Patient", List.of("wait", 500));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.runs.containsKey("waited wait"));
		assertThat(this.admin.failures().count()).isOne();
		assertThat(this.admin.failures().at(0).orElseThrow().error())
			.isEqualTo("Job Napper ran past its timeout of 200ms and was interrupted");
		assertThat(this.admin.stats().processed()).isEqualTo(1);
	}

	@Test
	void aJobThatIgnoresTheInterruptHasItsWorkerGivenUpOnAndRequeued() {
		this.container.setJobTimeoutGrace(Duration.ofMillis(300));
		this.container.start();
		String hungWorker = this.container.workerNames().get(0);
		this.resque.enqueue("q", "Stubborn", List.of("s-1"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.support.events.workersHung.size() == 1);
		WorkerHungEvent hung = this.support.events.workersHung.get(0);
		assertThat(hung.worker()).isEqualTo(hungWorker);
		assertThat(hung.job().args()).containsExactly("s-1");
		assertThat(hung.timeout()).isEqualTo(Duration.ofMillis(200));
		assertThat(hung.requeued()).isTrue();
		assertThat(hung.replacement()).isNotEqualTo(hungWorker);

		// the replacement takes the job again at once: its second attempt does not hang
		await().atMost(Duration.ofSeconds(5)).until(() -> this.runs.getOrDefault("done s-1", 0) == 1);
		assertThat(this.container.workerNames()).containsExactly(hung.replacement());
		assertThat(this.admin.workers().registered()).extracting(WorkerRegistration::name)
			.containsExactly(hung.replacement());
		assertThat(this.container.problems()).singleElement()
			.satisfies((problem) -> assertThat(problem).startsWith("worker " + hungWorker + " is hung in job Stubborn"));
		assertThat(this.stubborn.interrupts.get()).isGreaterThanOrEqualTo(1);

		// the hung thread ends at last: its late outcome is not recorded, and health has nothing more to say
		this.stubborn.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.container.problems().isEmpty());
		assertThat(this.runs).containsEntry("released s-1", 1);
		assertThat(this.admin.stats().processed()).isEqualTo(1);
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void withTheFailActionTheHungJobGoesToTheFailedQueue() {
		this.container.setJobTimeoutGrace(Duration.ofMillis(300));
		this.container.setStuckJobAction(StuckJobAction.FAIL);
		this.container.start();
		this.resque.enqueue("q", "Stubborn", List.of("s-2"));
		// the job is failed first, then the event told
		await().atMost(Duration.ofSeconds(5)).until(() -> this.support.events.workersHung.size() == 1);
		FailedJob failed = this.admin.failures().at(0).orElseThrow();
		assertThat(failed.exception()).isEqualTo(JobTimeoutException.class.getName());
		assertThat(failed.error()).isEqualTo(
				"Job Stubborn ran past its timeout of 200ms and was interrupted; its worker was given up on as hung");
		assertThat(this.support.events.workersHung).singleElement().satisfies((hung) -> assertThat(hung.requeued()).isFalse());
		assertThat(this.admin.queues().length("q")).isZero();
		assertThat(this.admin.stats().failed()).isOne();
		assertThat(this.runs).doesNotContainKey("done s-2");
	}

	@Test
	void aTimeoutThatIsNotADurationIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobDefinition.of(BadTimeout.class))
			.withMessageContaining("@ResqueJob(timeout)")
			.withMessageContaining("\"soon\" is not a duration");
	}

	@ResqueJob(name = "Sleeper", timeout = "300ms")
	static class Sleeper {

		private final Map<String, Integer> runs;

		Sleeper(Map<String, Integer> runs) {
			this.runs = runs;
		}

		public void perform(String id, long millis) throws InterruptedException {
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

	/** No timeout of its own. */
	@ResqueJob(name = "Napper")
	static class Napper {

		private final Map<String, Integer> runs;

		Napper(Map<String, Integer> runs) {
			this.runs = runs;
		}

		public void perform(String id, long millis) throws InterruptedException {
			Thread.sleep(millis);
			this.runs.merge("napped " + id, 1, Integer::sum);
		}

	}

	/** A timeout of its own, longer than the workers'. */
	@ResqueJob(name = "Patient", timeout = "5s")
	static class Patient {

		private final Map<String, Integer> runs;

		Patient(Map<String, Integer> runs) {
			this.runs = runs;
		}

		public void perform(String id, long millis) throws InterruptedException {
			Thread.sleep(millis);
			this.runs.merge("waited " + id, 1, Integer::sum);
		}

	}

	/** Its first attempt swallows interrupts until released; later attempts return at once. */
	@ResqueJob(name = "Stubborn", timeout = "200ms")
	static class Stubborn {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger interrupts = new AtomicInteger();

		private final AtomicInteger attempts = new AtomicInteger();

		private final Map<String, Integer> runs;

		Stubborn(Map<String, Integer> runs) {
			this.runs = runs;
		}

		public void perform(String id) {
			if (this.attempts.incrementAndGet() > 1) {
				this.runs.merge("done " + id, 1, Integer::sum);
				return;
			}
			while (this.release.getCount() > 0) {
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					this.interrupts.incrementAndGet();
				}
			}
			this.runs.merge("released " + id, 1, Integer::sum);
		}

	}

	@ResqueJob(name = "BadTimeout", timeout = "soon")
	static class BadTimeout {

		public void perform() {
		}

	}

}
