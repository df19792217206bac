package dev.resque.core.scheduler;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueSchedulerListener;
import dev.resque.core.job.Job;
import dev.resque.core.queue.StoredSchedule;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.core.worker.StuckJobAction;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Recurring schedules added at run time: stored in resque-scheduler's {@code persistent_schedules} layout (the
 * recorded fixture {@code 05-dynamic-schedule-persist}), fired by whichever scheduler leads, also after a leader
 * change, paused, resumed and removed from another instance; an unreadable entry never stops the others.
 */
class DynamicScheduleTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final JobCodec codec = new JobCodec();

	private final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private final List<ResqueScheduler> schedulers = new ArrayList<>();

	private String ns;

	private ResqueKeys keys;

	private StringRedisTemplate redis;

	private ResqueAdmin admin;

	@BeforeEach
	void setUp() {
		this.ns = TestRedis.newNamespace("DynamicSchedules");
		this.keys = new ResqueKeys(this.ns);
		LettuceConnectionFactory connection = connection();
		this.redis = new StringRedisTemplate(connection);
		this.admin = new ResqueAdmin(connection, this.keys, this.codec);
	}

	@AfterEach
	void tearDown() {
		this.schedulers.forEach(ResqueScheduler::stop);
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.connections.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void aScheduleIsStoredAsResqueSchedulerStoresIt() {
		this.admin.schedules().put(RecurringJob.every("every_minute", Job.of("math", "Adder", 1, 2), Duration.ofMinutes(1)));
		// 05-dynamic-schedule-persist: the config without persist, timing first; the name marked changed
		assertThat(this.redis.opsForHash().get(this.keys.persistentSchedules(), "every_minute"))
			.isEqualTo("{\"every\":\"1m\",\"class\":\"Adder\",\"args\":[1,2],\"queue\":\"math\"}");
		assertThat(this.redis.opsForSet().members(this.keys.schedulesChanged())).containsExactly("every_minute");
		assertThat(this.admin.schedules().dynamic()).singleElement()
			.isEqualTo(new StoredSchedule("every_minute", Job.of("math", "Adder", 1, 2), null, "1m", ""));
	}

	@Test
	void rufusSchedulersTermsAreReadAsRecurringJobs() {
		Job job = Job.of("math", "Adder", 1, 2);
		RecurringJob every = DynamicSchedules.recurring(new StoredSchedule("a", job, null, "1h30m", ""));
		assertThat(every.every()).isEqualTo(Duration.ofMinutes(90));
		RecurringJob minutely = DynamicSchedules.recurring(new StoredSchedule("b", job, "*/5 * * * *", null, ""));
		assertThat(minutely.cron().toString()).isEqualTo("0 */5 * * * *");
		RecurringJob berlin = DynamicSchedules.recurring(new StoredSchedule("c", job, "0 9 * * 1-5 Europe/Berlin", null, ""));
		assertThat(berlin.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
		assertThat(berlin.cron().toString()).isEqualTo("0 0 9 * * 1-5");
		// and back: what we store, a Ruby scheduler reads the same way
		assertThat(DynamicSchedules.stored(berlin, "").cron()).isEqualTo("0 0 9 * * 1-5 Europe/Berlin");
		assertThat(DynamicSchedules.stored(RecurringJob.every("d", job, Duration.ofSeconds(90)), "").every()).isEqualTo("90s");
		assertThat(this.codec.decodeSchedule("ruby", "{\"every\":[\"1m\",{\"first_in\":\"10s\"}],\"class\":\"Adder\",\"args\":[1,2],\"queue\":\"math\"}")
			.every()).isEqualTo("1m");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DynamicSchedules.recurring(new StoredSchedule("e", job, null, "every day", "")))
			.withMessageContaining("not rufus-scheduler's");
	}

	@Test
	void aScheduleAddedOnOneInstanceFiresOnTheLeaderAndAfterALeaderChange() {
		ResqueScheduler first = startScheduler();
		await().atMost(WAIT).until(first::isLeader);
		ResqueScheduler second = startScheduler();
		// added through another instance's connection
		long added = System.nanoTime();
		this.admin.schedules().put(RecurringJob.every("tick", Job.of("ticks", "Tick"), Duration.ofSeconds(1)), "every second");
		await().atMost(WAIT).until(() -> this.admin.queues().length("ticks") >= 2);
		first.stop();
		await().atMost(WAIT).until(second::isLeader);
		long afterChange = this.admin.queues().length("ticks");
		await().atMost(WAIT).until(() -> this.admin.queues().length("ticks") >= afterChange + 2);
		// at most one firing per second, whichever scheduler fired it
		long seconds = Duration.ofNanos(System.nanoTime() - added).toSeconds();
		assertThat(this.admin.queues().length("ticks")).isLessThanOrEqualTo(seconds + 1);
	}

	@Test
	void aScheduleIsPausedResumedAndRemovedFromAnotherInstance() {
		ResqueScheduler scheduler = startScheduler();
		this.admin.schedules().put(RecurringJob.every("tick", Job.of("ticks", "Tick"), Duration.ofSeconds(1)));
		await().atMost(WAIT).until(() -> this.admin.queues().length("ticks") >= 1);
		assertThat(this.admin.schedules().pause("tick")).isTrue();
		assertThat(this.admin.schedules().paused()).containsExactly("tick");
		// a poll under way may still fire once
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
		long paused = this.admin.queues().length("ticks");
		await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(3)).until(() -> true);
		assertThat(this.admin.queues().length("ticks")).isEqualTo(paused);
		assertThat(this.admin.schedules().resume("tick")).isTrue();
		await().atMost(WAIT).until(() -> this.admin.queues().length("ticks") > paused);
		assertThat(this.admin.schedules().remove("tick")).isTrue();
		assertThat(this.admin.schedules().remove("tick")).isFalse();
		assertThat(this.admin.schedules().dynamic()).isEmpty();
		await().atMost(WAIT).until(() -> !scheduler.firedSchedules().stream().anyMatch((s) -> s.name().equals("tick")));
	}

	@Test
	void anUnreadableEntryIsSkippedAndTheOthersFire() {
		this.redis.opsForHash().put(this.keys.persistentSchedules(), "broken", "not json at all");
		this.redis.opsForHash().put(this.keys.persistentSchedules(), "nameless", "{\"every\":\"1s\",\"queue\":\"ticks\"}");
		this.redis.opsForHash().put(this.keys.persistentSchedules(), "ruby",
				"{\"every\":\"1s\",\"class\":\"Tick\",\"args\":[],\"queue\":\"ticks\"}");
		ResqueScheduler scheduler = startScheduler();
		await().atMost(WAIT).until(() -> this.admin.queues().length("ticks") >= 2);
		assertThat(scheduler.firedSchedules()).extracting(RecurringJob::name).containsExactly("ruby");
		assertThat(this.admin.schedules().dynamic()).extracting(StoredSchedule::name).containsExactly("ruby");
	}

	private ResqueScheduler startScheduler() {
		ResqueScheduler scheduler = new ResqueScheduler(connection(), this.keys, this.codec,
				new SchedulerSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60),
						StuckJobAction.REQUEUE, 100),
				List::of, new ResqueSchedulerListener() {
				});
		scheduler.start();
		this.schedulers.add(scheduler);
		return scheduler;
	}

	private LettuceConnectionFactory connection() {
		LettuceConnectionFactory connection = RedisConnections.connectionFactory(TestRedis.get());
		this.connections.add(connection);
		return connection;
	}

}
