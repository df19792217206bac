package dev.resque.topology;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ReplicaWait;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.redis.ResqueReplicationException;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Enqueues that wait for a replica, on a master with one replica: they return once the replica holds the job, and
 * while the replica is frozen they are refused after the timeout, naming it, with the job still on the master.
 */
class ReplicaWaitTests {

	static RedisServerProcess master;

	static RedisServerProcess replica;

	static LettuceConnectionFactory factory;

	@BeforeAll
	static void start() {
		master = RedisServerProcess.startOnFreePort(List.of());
		replica = RedisServerProcess.startOnFreePort(List.of("--replicaof", master.host(), String.valueOf(master.port())));
		factory = RedisConnections.connectionFactory(master.host(), master.port(), 0);
	}

	@AfterAll
	static void stop() {
		factory.destroy();
		replica.close();
		master.close();
	}

	@Test
	void anEnqueueReturnsOnceTheReplicaHoldsItAndIsRefusedWhileTheReplicaIsFrozen() throws Exception {
		ResqueKeys keys = new ResqueKeys("replica-wait");
		RedisCalls calls = new RedisCalls(factory);
		calls.setReplicaWait(new ReplicaWait(1, Duration.ofMillis(500)));
		ResqueTemplate resque = new ResqueTemplate(calls, keys, EnqueuePipeline.plain(new JobCodec()));
		ResqueAdmin admin = new ResqueAdmin(calls, keys, EnqueuePipeline.plain(new JobCodec()));
		// untracked jobs in bulk go out in one pipeline, which then ends with the WAIT
		EnqueuePipeline untrackedPipeline = EnqueuePipeline.plain(new JobCodec());
		untrackedPipeline.setTracking(JobTracking.off());
		ResqueTemplate untracked = new ResqueTemplate(calls, keys, untrackedPipeline);
		await(() -> {
			try (RedisConnection connection = factory.getConnection()) {
				String replica = connection.serverCommands().info("replication").getProperty("slave0");
				return replica != null && replica.contains("state=online");
			}
		});

		resque.enqueue("work", "CountJob", List.of("one", 0));
		resque.enqueueAll(List.of(resque.job("work", "CountJob", List.of("two", 0)), resque.job("work", "CountJob", List.of("three", 0))));
		resque.enqueueIn(Duration.ofMinutes(5), "work", "CountJob", List.of("later", 0));
		assertThat(admin.delayed().count()).isEqualTo(1);
		untracked.enqueueAll(List.of(untracked.job("work", "CountJob", List.of("plain-1", 0)),
				untracked.job("work", "CountJob", List.of("plain-2", 0))));
		assertThat(admin.queues().length("work")).isEqualTo(5);

		replica.pause();
		try {
			long started = System.nanoTime();
			assertThatThrownBy(() -> resque.enqueue("work", "CountJob", List.of("four", 0)))
				.isInstanceOf(ResqueReplicationException.class)
				.hasMessageContaining("0 of 1 replica(s) acknowledged it within PT0.5S");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
			assertThatThrownBy(() -> resque.enqueueAll(List.of(resque.job("work", "CountJob", List.of("five", 0)))))
				.isInstanceOf(ResqueReplicationException.class);
			assertThatThrownBy(() -> untracked.enqueueAll(List.of(untracked.job("work", "CountJob", List.of("six-1", 0)),
					untracked.job("work", "CountJob", List.of("six-2", 0)))))
				.isInstanceOf(ResqueReplicationException.class);
			assertThatThrownBy(() -> resque.enqueueIn(Duration.ofMinutes(5), "work", "CountJob", List.of("later-2", 0)))
				.isInstanceOf(ResqueReplicationException.class);
			// refused, not undone: the master has the jobs
			assertThat(admin.queues().length("work")).isEqualTo(9);
			assertThat(admin.delayed().count()).isEqualTo(2);
		}
		finally {
			replica.resume();
		}
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the replica did not connect");
			}
			Thread.sleep(50);
		}
	}

}
