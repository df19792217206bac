package dev.resque.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.enqueue.DelayedSchedule;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.JobLock;
import dev.resque.core.plugin.JobPlugins;
import dev.resque.core.plugin.PluginSupport;
import dev.resque.core.plugin.QueueLock;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.worker.JobInvoker;
import dev.resque.core.worker.ResqueWorkerContainer;
import dev.resque.core.worker.WorkerPoolSettings;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Our plugins and node-resque's share their lock keys, so a lock taken on one side holds on the other. */
class PluginInteropTests extends InteropTestSupport {

	private final List<String> ran = new CopyOnWriteArrayList<>();

	private ResqueWorkerContainer container;

	private ResqueTemplate pluggedTemplate;

	private JobPlugins plugins;

	@AfterEach
	void stopWorkers() {
		if (this.container != null) {
			this.container.stop();
		}
	}

	private void setUpPlugins() {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(LockedSlow.class), () -> new LockedSlow(this.ran));
		registry.register(JobDefinition.of(Unique.class), Unique::new);
		this.plugins = new JobPlugins(registry, List.of(), (type) -> null, new PluginSupport(redis, this.keys, this.codec,
				new DelayedSchedule(new RedisCalls(factory), this.keys, this.codec)));
		this.pluggedTemplate = new ResqueTemplate(factory, this.keys, this.codec, this.plugins);
		this.container = new ResqueWorkerContainer(factory, this.keys, this.codec, new JobInvoker(registry, this.codec),
				this.plugins, new ResqueJobListener() {
				}, List.of(new WorkerPoolSettings("interop", List.of("locks"), 1, Duration.ofMillis(100))),
				Duration.ofMillis(500), Duration.ofSeconds(5));
	}

	@Test
	void aJobLockedByANodeWorkerDoesNotRunOnOurs() {
		setUpPlugins();
		this.node.queue("enqueue", "locks", "lockedSlow", List.of(1_500));
		NodeResque.Run nodeWorker = this.node.work(List.of("locks"), 1, "nodehost:3");
		String lock = this.ns + ":workerslock:lockedSlow:locks:[1500]";
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.hasKey(lock));
		this.container.start();
		this.resque.enqueue("locks", "lockedSlow", List.of(1_500));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("locks") == 0);
		JsonNode nodeOutcomes = nodeWorker.await(Duration.ofSeconds(20));
		assertThat(nodeOutcomes).singleElement()
			.satisfies((outcome) -> assertThat(outcome.get("outcome").asString()).isEqualTo("success"));
		assertThat(this.ran).isEmpty();
		assertThat(this.admin.failures().count()).isZero();
	}

	@Test
	void aJobLockedByOurWorkerDoesNotRunOnNodes() {
		setUpPlugins();
		this.container.start();
		this.resque.enqueue("locks", "lockedSlow", List.of(3_000));
		String lock = this.ns + ":workerslock:lockedSlow:locks:[3000]";
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.hasKey(lock));
		String ours = redis.opsForValue().get(lock);
		this.node.queue("enqueue", "locks", "lockedSlow", List.of(3_000));
		JsonNode nodeOutcomes = this.node.work(List.of("locks"), 1, "nodehost:4", Duration.ofMillis(1_500))
			.await(Duration.ofSeconds(20));
		assertThat(nodeOutcomes).isEmpty();
		assertThat(redis.opsForValue().get(lock)).isEqualTo(ours);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.ran.size() == 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hasKey(lock));
	}

	@Test
	void queueLocksDedupAcrossBothSides() {
		setUpPlugins();
		// ours first: node-resque reads our lock's value as the expiry time it writes itself
		assertThat(this.pluggedTemplate.enqueue("locks", "unique", List.of(1)).enqueued()).isTrue();
		assertThat(this.node.queue("enqueue", "locks", "unique", List.of(1)).asBoolean()).isFalse();
		// node first: we respect its lock
		assertThat(this.node.queue("enqueue", "locks", "unique", List.of(2)).asBoolean()).isTrue();
		assertThat(this.pluggedTemplate.enqueue("locks", "unique", List.of(2)).enqueued()).isFalse();
		assertThat(this.admin.queues().jobs("locks", 0, -1)).extracting((job) -> job.args()).containsExactly(List.of(1), List.of(2));
	}

	@ResqueJob(name = "lockedSlow", queue = "locks")
	@JobLock(reEnqueue = false)
	static class LockedSlow {

		private final List<String> ran;

		LockedSlow(List<String> ran) {
			this.ran = ran;
		}

		public void perform(long millis) throws InterruptedException {
			Thread.sleep(millis);
			this.ran.add("lockedSlow " + millis);
		}

	}

	@ResqueJob(name = "unique", queue = "locks")
	@QueueLock
	static class Unique {

		public void perform(int id) {
		}

	}

}
