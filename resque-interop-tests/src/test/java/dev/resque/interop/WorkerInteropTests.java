package dev.resque.interop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs cross between our workers and node-resque's, and each side reads the other's workers and failures. */
class WorkerInteropTests extends InteropTestSupport {

	/** Expected trees, read as the Node scripts' answers are read. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<String> ran = new CopyOnWriteArrayList<>();

	/** Ends the slow job: it stays in its worker's hands until the test has looked, however slow the machine. */
	private final CountDownLatch release = new CountDownLatch(1);

	private ResqueWorkerContainer container;

	@AfterEach
	void stopWorkers() {
		this.release.countDown();
		if (this.container != null) {
			this.container.stop();
		}
	}

	private ResqueWorkerContainer startWorkers(String... queues) {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(Add.class), () -> new Add(this.ran));
		registry.register(JobDefinition.of(Boom.class), Boom::new);
		registry.register(JobDefinition.of(Slow.class), () -> new Slow(this.ran, this.release));
		this.container = new ResqueWorkerContainer(factory, this.keys, this.codec, new JobInvoker(registry, this.codec),
				new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("interop", List.of(queues), 2, Duration.ofMillis(100))),
				Duration.ofMillis(500), Duration.ofSeconds(5));
		this.container.start();
		return this.container;
	}

	@Test
	void jobsNodeEnqueuedRunOnOurWorkers() {
		startWorkers("math");
		this.node.queue("enqueue", "math", "add", List.of(1, 2));
		this.node.queue("enqueue", "math", "add", List.of(40, 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.size() == 2);
		assertThat(this.ran).containsExactlyInAnyOrder("add 1 2", "add 40 2");
		assertThat(this.node.queue("stats").get("processed").asString()).isEqualTo("2");
		assertThat(this.node.queue("length", "math").asInt()).isZero();
	}

	@Test
	void jobsWeEnqueuedRunOnNodeWorkers() {
		String added = this.tracked.enqueue("math", "add", List.of(1, 2)).jobId();
		String boom = this.tracked.enqueue("math", "boom", List.of("kaboom")).jobId();
		// our payloads carry the job's id as a last field, which node-resque reads past
		assertThat(this.node.queue("queued", "math", 0, -1).get(0).get("id").asString()).isEqualTo(added);
		JsonNode outcomes = this.node.work(List.of("math"), 2, "nodehost:1").await(Duration.ofSeconds(30));
		assertThat(outcomes).hasSize(2);
		assertThat(outcomes.get(0).get("outcome").asString()).isEqualTo("success");
		assertThat(outcomes.get(0).get("result").asInt()).isEqualTo(3);
		assertThat(outcomes.get(1).get("outcome").asString()).isEqualTo("failure");
		FailedJob failed = this.admin.failures().range(0, -1).get(0);
		assertThat(failed.worker()).isEqualTo("nodehost:1");
		assertThat(failed.exception()).isEqualTo("Error");
		assertThat(failed.error()).isEqualTo("kaboom");
		assertThat(failed.payload()).isEqualTo(Job.of("math", "boom", "kaboom"));
		assertThat(failed.jobId()).as("node-resque keeps the id in the failed payload").isEqualTo(boom);
		assertThat(failed.failedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
		assertThat(failed.backtrace()).isNotEmpty();
		assertThat(this.admin.stats().processed()).isEqualTo(1);
		assertThat(this.admin.stats().failed()).isEqualTo(1);
	}

	@Test
	void nodeIgnoresTheTraceFieldOfOurPayloads() {
		String traced = "{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2],\"trace\":{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}";
		redis.opsForList().rightPush(this.ns + ":queue:math", traced);
		redis.opsForSet().add(this.ns + ":queues", "math");
		assertThat(this.node.queue("queued", "math", 0, -1).get(0).get("args")).containsExactly(
				JSON.readTree("1"), JSON.readTree("2"));
		JsonNode outcomes = this.node.work(List.of("math"), 1, "nodehost:2").await(Duration.ofSeconds(30));
		assertThat(outcomes).singleElement().satisfies((outcome) -> {
			assertThat(outcome.get("outcome").asString()).isEqualTo("success");
			assertThat(outcome.get("result").asInt()).isEqualTo(3);
		});
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void nodeReadsOurWorkersWhatTheyWorkOnOurFailuresAndStats() {
		startWorkers("math", "slow");
		this.resque.enqueue("math", "Boom", List.of("no smtp"));
		this.resque.enqueue("math", "add", List.of(2, 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.failures().count() == 1 && this.ran.size() == 1);
		this.resque.enqueue("slow", "Slow", List.of(30_000));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.contains("slow started"));
		// a job is counted by its worker's next call, which follows the job at once
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.stats().processed() == 1);

		JsonNode workers = this.node.queue("workers");
		assertThat(workers.propertyNames()).containsExactlyInAnyOrderElementsOf(this.container.workerNames());
		assertThat(workers.values()).extracting(JsonNode::asString).containsOnly("math,slow");

		JsonNode workingOn = this.node.queue("allWorkingOn");
		List<JsonNode> busy = workingOn.values().stream().filter(JsonNode::isObject).toList();
		assertThat(busy).singleElement().satisfies((entry) -> {
			assertThat(entry.get("queue").asString()).isEqualTo("slow");
			assertThat(entry.get("payload")).isEqualTo(asNodeSees(Job.of("slow", "Slow", 30_000)));
			assertThat(this.container.workerNames()).contains(entry.get("worker").asString());
		});

		JsonNode failed = this.node.queue("failed", 0, -1);
		assertThat(failed).singleElement().satisfies((entry) -> {
			assertThat(entry.get("exception").asString()).isEqualTo("java.lang.IllegalStateException");
			assertThat(entry.get("error").asString()).isEqualTo("no smtp");
			assertThat(entry.get("queue").asString()).isEqualTo("math");
			assertThat(entry.get("payload")).isEqualTo(asNodeSees(Job.of("math", "Boom", "no smtp")));
			assertThat(entry.get("backtrace").get(0).asString()).contains("Boom.perform");
		});
		assertThat(this.node.queue("failedCount").asInt()).isEqualTo(1);
		JsonNode stats = this.node.queue("stats");
		assertThat(stats.get("processed").asString()).isEqualTo("1");
		assertThat(stats.get("failed").asString()).isEqualTo("1");
	}

	@Test
	void nodeRetriesOurFailedJobs() {
		startWorkers("math");
		this.resque.enqueue("math", "Boom", List.of("first time"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.failures().count() == 1);
		this.container.stop();
		JsonNode failed = this.node.queue("failed", 0, -1).get(0);
		// node-resque finds the entry by re-serialising it: our bytes must be JSON.stringify's
		this.node.queue("retryAndRemoveFailed", failed);
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(Job.of("math", "Boom", "first time"));
	}

	@Test
	void weReadNodeWorkersWhileTheyWork() {
		this.resque.enqueue("slowq", "slow", List.of(2_000));
		NodeResque.Run run = this.node.work(List.of("slowq"), 1, "nodehost:9");
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.admin.workers().statuses().isEmpty()
				&& this.admin.workers().statuses().get(0).workingOn() != null);
		var status = this.admin.workers().statuses().get(0);
		assertThat(status.worker().name()).isEqualTo("nodehost:9");
		assertThat(status.worker().queues()).containsExactly("slowq");
		assertThat(status.workingOn().payload()).isEqualTo(Job.of("slowq", "slow", 2_000));
		assertThat(status.workingOn().runAt()).isBetween(Instant.now().minusSeconds(30), Instant.now().plusSeconds(1));
		run.await(Duration.ofSeconds(30));
		assertThat(this.admin.workers().registered()).isEmpty();
	}

	@ResqueJob(name = "add")
	static class Add {

		private final List<String> ran;

		Add(List<String> ran) {
			this.ran = ran;
		}

		public int perform(int a, int b) {
			this.ran.add("add " + a + " " + b);
			return a + b;
		}

	}

	@ResqueJob
	static class Boom {

		public void perform(String message) {
			throw new IllegalStateException(message);
		}

	}

	@ResqueJob
	static class Slow {

		private final List<String> ran;

		private final CountDownLatch release;

		Slow(List<String> ran, CountDownLatch release) {
			this.ran = ran;
			this.release = release;
		}

		/** Runs until released, or for {@code millis} at the most. */
		public void perform(long millis) throws InterruptedException {
			this.ran.add("slow started");
			this.release.await(millis, TimeUnit.MILLISECONDS);
		}

	}

}
