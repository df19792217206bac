package dev.resque.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.core.RedisCallback;

import dev.resque.autoconfigure.health.ResqueHealthIndicator;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.scheduler.RecurringJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Damaged entries in every place the scheduler reads (delayed lists, the schedule, pings, the leader lock, the
 * recurring jobs' record): each is quarantined with a reason and every duty goes on; a duty that cannot complete
 * makes health DOWN with its name, and UP again once it can.
 */
class SchedulerSupervisionTests extends FaultTestSupport {

	@Test
	void badEntriesAreQuarantinedAndEveryDutyGoesOn() {
		long past = Instant.now().minusSeconds(30).getEpochSecond();
		rpush(this.keys.delayed(past), "{\"class\":1,\"queue\":\"q\",\"args\":[]}".getBytes(StandardCharsets.UTF_8));
		byte[] notUtf8 = "{\"class\":\"A\",\"queue\":\"q\",\"args\":[\"?\"]}".getBytes(StandardCharsets.UTF_8);
		notUtf8[33] = (byte) 0xc3;
		rpush(this.keys.delayed(past), notUtf8);
		this.redis.opsForZSet().add(this.keys.delayedSchedule(), Long.toString(past), past);
		this.redis.opsForZSet().add(this.keys.delayedSchedule(), "not-a-time", past - 1);
		String later = this.resque.enqueueAt(Instant.now().plusSeconds(1), Job.of("q", "Later", 1)).jobId();
		// a ping whose time is outside Instant's range, and a dead worker holding a job
		this.redis.opsForValue().set(this.keys.workerPing("odd:1-0+1"), "{\"time\":1e300,\"name\":\"odd:1-0+1\"}");
		this.redis.opsForValue().set(this.keys.workerPing("broken:1-0+1"), "{\"time\":" + Long.MAX_VALUE + ",\"name\":\"b\"}");
		String dead = "deadhost:1-00000000+1";
		Instant longAgo = Instant.now().minusSeconds(600);
		this.redis.opsForSet().add(this.keys.workers(), dead + ":q");
		this.redis.opsForValue().set(this.keys.workerPing(dead), this.codec.ping(longAgo, dead, "q"));
		this.redis.opsForValue().set(this.keys.worker(dead + ":q"),
				this.codec.workingOn(longAgo, "q", dead, "{\"class\":\"Held\",\"queue\":\"q\",\"args\":[]}"));
		// a leader lock someone wrote without an expiry
		this.redis.opsForValue().set(this.keys.leaderLock(), "a-scheduler-that-is-gone");

		scheduler(List.of(RecurringJob.every("tick", Job.of("ticks", "Tick"), Duration.ofSeconds(1))));
		this.scheduler.start();

		await().atMost(Duration.ofSeconds(15)).until(() -> this.scheduler.isLeader());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.queues().length("q") == 2 && this.admin.queues().length("ticks") >= 1);
		assertThat(this.redis.opsForList().range(this.keys.queue("q"), 0, -1))
			.containsExactlyInAnyOrder("{\"class\":\"Held\",\"queue\":\"q\",\"args\":[]}",
					this.codec.encodeQueued(Job.of("q", "Later", 1), null, later));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 3);
		List<FailedJob> failed = this.admin.failures().range(0, -1);
		assertThat(failed).extracting(FailedJob::error)
			.anySatisfy((error) -> assertThat(error).contains("no \"class\""))
			.anySatisfy((error) -> assertThat(error).contains("not valid UTF-8"))
			.anySatisfy((error) -> assertThat(error).contains("\"not-a-time\"").contains("not a timestamp"));
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		assertThat(this.admin.workers().registered()).isEmpty();
		assertThat(this.scheduler.stalledDuties()).isEmpty();
		assertThat(this.redis.getExpire(this.keys.leaderLock())).isPositive();
	}

	@Test
	void healthNamesADutyThatCannotCompleteAndRecoversWithIt() {
		ResqueHealthIndicator health = new ResqueHealthIndicator(this.admin, null,
				scheduler(List.of(RecurringJob.every("tick", Job.of("ticks", "Tick"), Duration.ofSeconds(1)))), null);
		this.scheduler.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.queues().length("ticks") >= 1);
		assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

		// the recurring jobs' record replaced by a key of another type: that duty fails on every cycle
		this.redis.delete(this.keys.scheduleLastFired());
		this.redis.opsForValue().set(this.keys.scheduleLastFired(), "not a hash");
		await().atMost(Duration.ofSeconds(15)).until(() -> health.health(true).getStatus().equals(Status.DOWN));
		Health down = health.health(true);
		assertThat(down.getDetails().get("stalledDuties")).isEqualTo(List.of("recurring-jobs"));
		// the other duties go on meanwhile
		this.resque.enqueueAt(Instant.now().plusSeconds(1), Job.of("q", "Later", 1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.queues().length("q") == 1);

		this.redis.delete(this.keys.scheduleLastFired());
		await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus().equals(Status.UP));

		// Redis stalls: leadership cannot be renewed, health says so, and comes back with Redis
		this.server.pause();
		try {
			await().atMost(Duration.ofSeconds(15)).until(() -> this.scheduler.stalledDuties().contains("leadership"));
		}
		finally {
			this.server.resume();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus().equals(Status.UP));
	}

	@Test
	void membersThatAreNotCanonicalTimestampsAndQueuesOfAnotherTypeStopNothing() {
		long past = Instant.now().minusSeconds(30).getEpochSecond();
		this.redis.opsForZSet().add(this.keys.delayedSchedule(), "00" + past, past - 3);
		this.redis.opsForZSet().add(this.keys.delayedSchedule(), "9999999999999999999", past - 2);
		// a delayed job whose queue key holds a string: it cannot be moved, and must not be lost
		this.redis.opsForValue().set(this.keys.queue("broken"), "not a list");
		this.resque.enqueueAt(Instant.now().minusSeconds(20), Job.of("broken", "Stuck", 1));
		this.resque.enqueueAt(Instant.now().plusSeconds(1), Job.of("q", "Later", 1));
		scheduler(List.of(RecurringJob.every("tick", Job.of("ticks", "Tick"), Duration.ofSeconds(1)))).start();

		await().atMost(Duration.ofSeconds(15)).until(() -> this.admin.queues().length("q") == 1 && this.admin.queues().length("ticks") >= 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.failures().count() == 2);
		assertThat(this.admin.failures().range(0, -1)).extracting(FailedJob::error)
			.allSatisfy((error) -> assertThat(error).contains("is not a timestamp"));
		assertThat(this.admin.delayed().scheduledAt("broken", "Stuck", List.of(1))).hasSize(1);
		assertThat(this.scheduler.stalledDuties()).isEmpty();
		// the duty waits for its next poll instead of going round the stuck job without end
		long before = commandsProcessed();
		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(commandsProcessed() - before).isLessThan(500);
	}

	private long commandsProcessed() {
		return Long.parseLong(this.redis.execute((RedisCallback<java.util.Properties>) (connection) -> connection
			.serverCommands()
			.info("stats")).getProperty("total_commands_processed"));
	}

	@Test
	void aLeaderLockOfAnotherTypeIsGivenAnExpiryAndRunsDown() {
		this.redis.opsForList().rightPush(this.keys.leaderLock(), "not a lock");
		scheduler(List.of());
		this.scheduler.start();
		await().atMost(Duration.ofSeconds(15)).until(() -> this.scheduler.isLeader());
		assertThat(this.redis.opsForValue().get(this.keys.leaderLock())).isEqualTo(this.scheduler.name());
		assertThat(this.scheduler.stalledDuties()).isEmpty();
	}

	private void rpush(String key, byte[] value) {
		this.redis.execute((RedisCallback<Long>) (connection) -> connection.listCommands()
			.rPush(key.getBytes(StandardCharsets.UTF_8), value));
	}

}
