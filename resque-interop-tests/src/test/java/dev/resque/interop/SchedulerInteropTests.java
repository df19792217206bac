package dev.resque.interop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.StuckJobAction;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Our scheduler and node-resque's share the leader lock and move each other's delayed jobs. */
class SchedulerInteropTests extends InteropTestSupport {

	private ResqueScheduler scheduler;

	@AfterEach
	void stopScheduler() {
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
	}

	private ResqueScheduler startScheduler() {
		this.scheduler = new ResqueScheduler(factory, this.keys, this.codec,
				new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(180), Duration.ofSeconds(60),
						StuckJobAction.REQUEUE, 100),
				List::of, new ResqueSchedulerListener() {
				});
		this.scheduler.start();
		return this.scheduler;
	}

	@Test
	void ourSchedulerMovesJobsNodeDelayed() {
		Instant past = Instant.now().minusSeconds(5);
		this.node.queue("enqueueAt", past.toEpochMilli(), "math", "add", List.of(1, 2));
		this.node.queue("enqueueAt", past.toEpochMilli() - 1000, "math", "add", List.of(3, 4));
		startScheduler();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.queues().length("math") == 2);
		assertThat(this.node.queue("queued", "math", 0, -1)).containsExactly(asNodeSees(Job.of("math", "add", 3, 4)),
				asNodeSees(Job.of("math", "add", 1, 2)));
		assertThat(this.node.queue("timestamps")).isEmpty();
		assertThat(this.node.queue("scheduledAt", "math", "add", List.of(1, 2))).isEmpty();
	}

	@Test
	void nodeSchedulerMovesJobsWeDelayed() {
		this.resque.enqueueAt(Instant.now().minusSeconds(5), "math", "add", List.of(1, 2));
		JsonNode result = this.node.schedule(Duration.ofSeconds(2), "nodehost:5").await(Duration.ofSeconds(30));
		assertThat(result.get("transferred").asInt()).isEqualTo(1);
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(Job.of("math", "add", 1, 2));
		assertThat(this.admin.delayed().timestamps()).isEmpty();
	}

	@Test
	void neverTwoLeaders() {
		ResqueScheduler ours = startScheduler();
		await().atMost(Duration.ofSeconds(5)).until(ours::isLeader);
		// node-resque's scheduler polls for two seconds while ours leads: it must not lead once
		JsonNode whileOursLeads = this.node.schedule(Duration.ofSeconds(2), "nodehost:5").await(Duration.ofSeconds(30));
		assertThat(whileOursLeads.get("leaderPolls").asInt()).isZero();
		assertThat(ours.isLeader()).isTrue();

		ours.stop();
		this.resque.enqueueAt(Instant.now().minusSeconds(5), "math", "add", List.of(5, 6));
		NodeResque.Run nodeLeads = this.node.schedule(Duration.ofSeconds(3), "nodehost:6");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.leader().filter("nodehost:6"::equals).isPresent());
		ResqueScheduler second = startScheduler();
		await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(second.isLeader()).isFalse();
		JsonNode nodeResult = nodeLeads.await(Duration.ofSeconds(30));
		assertThat(nodeResult.get("leaderPolls").asInt()).isPositive();
		assertThat(nodeResult.get("transferred").asInt()).isEqualTo(1);
		// node-resque released the lock when it ended: ours takes over
		await().atMost(Duration.ofSeconds(5)).until(second::isLeader);
	}

}
