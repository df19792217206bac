package dev.resque.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.queue.JobStatus;
import dev.resque.core.queue.JobStatus.State;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.scheduler.SchedulerSettings;
import dev.resque.core.worker.FencedValues;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.RedisServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once made safe by fencing: a worker JVM stalled with SIGSTOP past the stuck-worker timeout has its job
 * given back and finished by another JVM; resumed, the stale attempt's guarded write is refused and its outcome is
 * not recorded. One effect, one outcome.
 */
class FencingTests {

	private static final String NAMESPACE = "resque";

	private final RedisServerProcess server = RedisServerProcess.startOnFreePort();

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(this.server.host(),
			this.server.port(), 0);

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final ResqueKeys keys = new ResqueKeys(NAMESPACE);

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, new JobCodec());

	private final ResqueAdmin admin = new ResqueAdmin(this.factory, this.keys, new JobCodec());

	private final List<WorkerJvm> jvms = new ArrayList<>();

	private ResqueScheduler scheduler;

	@AfterEach
	void tearDown() {
		this.jvms.forEach((jvm) -> {
			jvm.resume();
			jvm.close();
		});
		if (this.scheduler != null) {
			this.scheduler.stop();
		}
		this.factory.destroy();
		this.server.close();
	}

	@Test
	void aStalledAttemptThatWakesUpAfterItsJobRanElsewhereAppliesNothingAndRecordsNothing() {
		String id = this.resque.enqueue("q", "Fenced", List.of("acct-1", 3_000)).jobId();
		String log = this.keys.key("test", "fenced", "acct-1");
		WorkerJvm stalled = jvm("stalled");
		await().atMost(Duration.ofSeconds(60)).until(() -> this.redis.opsForList().range(log, 0, -1).contains("attempt 1 started"));
		stalled.pause();

		// its pings stop: the scheduler gives the job back after the stuck timeout, another JVM runs it
		startScheduler(Duration.ofSeconds(2));
		await().atMost(Duration.ofSeconds(30)).until(() -> status(id).requeued() == 1);
		jvm("rescuer");
		await().atMost(Duration.ofSeconds(60)).until(() -> status(id).state() == State.SUCCEEDED);
		FencedValues account = new FencedValues(this.redis);
		assertThat(account.get(this.keys.key("test", "account", "acct-1"))).contains("paid by attempt 2");

		// the stalled attempt wakes up: its write is refused, its outcome superseded
		stalled.resume();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.redis.opsForList().range(log, 0, -1).contains("attempt 1 refused"));
		await().atMost(Duration.ofSeconds(30)).until(() -> status(id).superseded() == 1);
		assertThat(this.redis.opsForList().range(log, 0, -1)).containsExactly("attempt 1 started", "attempt 2 started",
				"attempt 2 wrote", "attempt 1 refused");
		assertThat(account.get(this.keys.key("test", "account", "acct-1"))).contains("paid by attempt 2");
		assertThat(account.writtenBy(this.keys.key("test", "account", "acct-1")).orElseThrow().attempt()).isEqualTo(2);
		JobStatus done = status(id);
		assertThat(done.state()).isEqualTo(State.SUCCEEDED);
		// two attempts ran; one outcome was recorded
		assertThat(done.attempts()).isEqualTo(2);
		assertThat(this.admin.stats().processed()).as("one outcome recorded").isOne();
		assertThat(this.admin.stats().failed()).isZero();
		assertThat(this.redis.opsForValue().get(this.keys.supersededCount())).isEqualTo("1");
		assertThat(this.admin.failures().count()).isZero();
		assertThat(this.admin.queues().length("q")).isZero();
		assertThat(this.admin.jobs().history(0, 10)).extracting(JobStatus::id).containsExactly(id);
	}

	private JobStatus status(String id) {
		return this.admin.jobs().status(id).orElseThrow(() -> new AssertionError("No status for job " + id));
	}

	private WorkerJvm jvm(String tag) {
		WorkerJvm jvm = WorkerJvm.start(this.server, NAMESPACE, tag, List.of(), "-Dfault.concurrency=1");
		this.jvms.add(jvm);
		return jvm;
	}

	private void startScheduler(Duration stuckWorkerTimeout) {
		this.scheduler = new ResqueScheduler(this.factory, this.keys, new JobCodec(), new SchedulerSettings(
				Duration.ofMillis(200), Duration.ofSeconds(5), stuckWorkerTimeout, StuckJobAction.REQUEUE, 100),
				List::of, new ResqueSchedulerListener() {
				});
		this.scheduler.start();
	}

}
