package dev.resque.core.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResqueKeysTests {

	private final ResqueKeys keys = ResqueKeys.defaults();

	@Test
	void layoutSharedWithRubyAndNodeResque() {
		assertThat(this.keys.queues()).isEqualTo("resque:queues");
		assertThat(this.keys.queue("math")).isEqualTo("resque:queue:math");
		assertThat(this.keys.failed()).isEqualTo("resque:failed");
		assertThat(this.keys.processed()).isEqualTo("resque:stat:processed");
		assertThat(this.keys.failedCount("host:1+2")).isEqualTo("resque:stat:failed:host:1+2");
		assertThat(this.keys.workers()).isEqualTo("resque:workers");
		assertThat(this.keys.worker("host:1+2:math,other")).isEqualTo("resque:worker:host:1+2:math,other");
		assertThat(this.keys.workerStarted("host:1+2:math")).isEqualTo("resque:worker:host:1+2:math:started");
		assertThat(this.keys.workerPing("host:1+2")).isEqualTo("resque:worker:ping:host:1+2");
		assertThat(this.keys.heartbeats()).isEqualTo("resque:workers:heartbeat");
		assertThat(this.keys.workerNameOfPing("resque:worker:ping:host:1-0a1b2c3d+1")).isEqualTo("host:1-0a1b2c3d+1");
		assertThat(this.keys.delayedSchedule()).isEqualTo("resque:delayed_queue_schedule");
		assertThat(this.keys.delayed(1795908855L)).isEqualTo("resque:delayed:1795908855");
		assertThat(ResqueKeys.delayedMember(1795908855L)).isEqualTo("delayed:1795908855");
		assertThat(this.keys.timestamps("{\"class\":\"a\"}")).isEqualTo("resque:timestamps:{\"class\":\"a\"}");
		assertThat(this.keys.leaderLock()).isEqualTo("resque:resque_scheduler_leader_lock");
		assertThat(this.keys.queueLockPattern()).isEqualTo("resque:lock:*");
		assertThat(this.keys.jobLockPattern()).isEqualTo("resque:workerslock:*");
	}

	@Test
	void namespacesAsNodeResqueJoinsThem() {
		assertThat(new ResqueKeys("").queues()).isEqualTo("queues");
		assertThat(new ResqueKeys("custom:namespace").key("thing")).isEqualTo("custom:namespace:thing");
		assertThat(new ResqueKeys("{resque}").queue("q")).isEqualTo("{resque}:queue:q");
		assertThat(this.keys.key("", " ", "x")).isEqualTo("resque:x");
		assertThat(this.keys.strip("resque:lock:a:b")).isEqualTo("lock:a:b");
	}

}
