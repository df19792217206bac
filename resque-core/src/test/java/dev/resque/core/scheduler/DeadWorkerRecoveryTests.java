package dev.resque.core.scheduler;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.WorkerStatus;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.core.worker.WorkerPoolSettings;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker JVM killed with SIGKILL in the middle of a job: the job runs again after recovery. */
class DeadWorkerRecoveryTests {

	private final TestRedis redis = TestRedis.get();

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.redis);

	private final String ns = TestRedis.newNamespace("Crash");

	private final ResqueKeys keys = new ResqueKeys(this.ns);

	private Process process;

	private ResqueWorkerContainer container;

	private ResqueScheduler scheduler;

	@AfterEach
	void tearDown() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
		if (this.container != null) {
			this.container.stop();
		}
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		RedisConnections.deleteNamespace(new StringRedisTemplate(this.factory), this.ns);
		this.factory.destroy();
	}

	@Test
	void aJobOfAKilledWorkerProcessRunsAgain() throws Exception {
		ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, new JobCodec());
		ResqueAdmin admin = new ResqueAdmin(this.factory, this.keys, new JobCodec());
		StringRedisTemplate plain = new StringRedisTemplate(this.factory);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				WorkerProcessMain.class.getName(), this.redis.host(), Integer.toString(this.redis.port()), this.ns)
			.inheritIO()
			.start();
		resque.enqueue("slow", "Slow", List.of("order-42"));
		await().atMost(Duration.ofSeconds(30)).until(() -> "order-42".equals(plain.opsForValue().get(this.ns + ":test:started")));

		this.process.destroyForcibly().waitFor();
		List<WorkerStatus> workers = admin.workers().statuses();
		assertThat(workers).singleElement().satisfies((status) -> assertThat(status.workingOn().payload().args()).containsExactly("order-42"));
		assertThat(admin.queues().length("slow")).isZero();

		List<String> ranAgain = new CopyOnWriteArrayList<>();
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(FastSlow.class), () -> new FastSlow(ranAgain));
		JobCodec codec = new JobCodec();
		this.container = new ResqueWorkerContainer(this.factory, this.keys, codec, new JobInvoker(registry, codec),
				new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("recovery", List.of("slow"), 1, Duration.ofMillis(100))),
				Duration.ofMillis(200), Duration.ofSeconds(1));
		this.container.start();
		this.scheduler = new ResqueScheduler(this.factory, this.keys, codec, new SchedulerSettings(Duration.ofMillis(200),
				Duration.ofSeconds(5), Duration.ofSeconds(2), StuckJobAction.REQUEUE, 100), List::of, new dev.resque.core.event.ResqueSchedulerListener() {
				}, Clock.systemUTC());
		this.scheduler.start();

		await().atMost(Duration.ofSeconds(15)).until(() -> ranAgain.size() == 1);
		assertThat(ranAgain).containsExactly("order-42");
		assertThat(admin.failures().count()).isZero();
		assertThat(admin.workers().registered()).extracting((worker) -> worker.name()).containsExactlyElementsOf(this.container.workerNames());
		await().atMost(Duration.ofSeconds(5)).until(() -> admin.stats().processed() == 1);
	}

	@ResqueJob(name = "Slow", queue = "slow")
	static class FastSlow {

		private final List<String> ran;

		FastSlow(List<String> ran) {
			this.ran = ran;
		}

		public void perform(String id) {
			this.ran.add(id);
		}

	}

}
