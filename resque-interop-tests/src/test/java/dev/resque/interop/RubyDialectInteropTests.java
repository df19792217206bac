package dev.resque.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the Ruby dialect ({@code resque.compatibility=ruby}) node-resque still works beside us where the bytes
 * allow: jobs cross both ways, and node-resque retries our failures.
 */
class RubyDialectInteropTests extends InteropTestSupport {

	private final List<String> ran = new CopyOnWriteArrayList<>();

	private ResqueWorkerContainer container;

	@Override
	WireDialect dialect() {
		return WireDialect.RUBY;
	}

	@AfterEach
	void stopWorkers() {
		if (this.container != null) {
			this.container.stop();
		}
	}

	@Test
	void jobsNodeEnqueuedRunOnOurWorkers() {
		startWorkers();
		this.node.queue("enqueue", "math", "add", List.of(1, 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.size() == 1);
		assertThat(this.ran).containsExactly("add 1 2");
		assertThat(this.node.queue("stats").get("processed").asString()).isEqualTo("1");
	}

	@Test
	void jobsWeEnqueueRunOnNodeWorkers() {
		this.resque.enqueue("math", "add", List.of(1, 2));
		assertThat(redis.opsForList().range(this.ns + ":queue:math", 0, -1))
			.containsExactly("{\"class\":\"add\",\"args\":[1,2]}");
		JsonNode outcomes = this.node.work(List.of("math"), 1, "nodehost:1").await(Duration.ofSeconds(30));
		assertThat(outcomes).hasSize(1);
		assertThat(outcomes.get(0).get("outcome").asString()).isEqualTo("success");
		assertThat(outcomes.get(0).get("result").asInt()).isEqualTo(3);
	}

	@Test
	void nodeRetriesOurFailedJobs() {
		startWorkers();
		this.resque.enqueue("math", "Boom", List.of("first time"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.failures().count() == 1);
		this.container.stop();
		JsonNode failed = this.node.queue("failed", 0, -1).get(0);
		assertThat(failed.propertyNames()).containsExactly("failed_at", "payload", "exception", "error", "backtrace",
				"worker", "queue");
		// node-resque finds the entry by re-serialising it: Ruby's field order survives JSON.parse and stringify
		this.node.queue("retryAndRemoveFailed", failed);
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(Job.of("math", "Boom", "first time"));
	}

	private void startWorkers() {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(WorkerInteropTests.Add.class), () -> new WorkerInteropTests.Add(this.ran));
		registry.register(JobDefinition.of(WorkerInteropTests.Boom.class), WorkerInteropTests.Boom::new);
		this.container = new ResqueWorkerContainer(factory, this.keys, this.codec, new JobInvoker(registry, this.codec),
				new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("ruby-dialect", List.of("math"), 1, Duration.ofMillis(100))),
				Duration.ofMillis(500), Duration.ofSeconds(5));
		this.container.start();
	}

}
