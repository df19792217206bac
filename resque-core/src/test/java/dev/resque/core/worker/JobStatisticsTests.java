package dev.resque.core.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.resque.core.job.ResqueJob;
import dev.resque.core.queue.PeriodCounts;
import dev.resque.core.queue.PeriodCounts.Counts;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-day and per-minute counters the workers count as they record outcomes and add to Redis at each ping (every
 * 200 ms here), read back for charts.
 */
class JobStatisticsTests {

	private static final Duration POLL = Duration.ofMillis(200);

	private final WorkerTestSupport support = new WorkerTestSupport();

	private Instances instances;

	@BeforeEach
	void setUp() {
		this.instances = new Instances("Statistics", this.support);
		this.support.register(new Outcome());
	}

	@AfterEach
	void tearDown() {
		this.instances.close();
	}

	@Test
	void eachOutcomeIsCountedForItsDayAndMinuteInAllAndPerQueue() {
		this.instances.start(POLL, pool(1, POLL, "first", "second"), (instance) -> {
		});
		Instant started = Instant.now();
		run();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.instances.admin.statistics()
			.days(today, today)
			.get(0)
			.total()
			.equals(new Counts(5, 1, 0)));
		List<PeriodCounts> days = this.instances.admin.statistics().days(today.minusDays(1), today);
		assertThat(days).extracting(PeriodCounts::period).containsExactly(today.minusDays(1).toString(), today.toString());
		assertThat(days.get(0).total()).isEqualTo(Counts.NONE);
		PeriodCounts day = days.get(1);
		assertThat(day.total()).isEqualTo(new Counts(5, 1, 0));
		assertThat(day.queues()).containsOnlyKeys("first", "second")
			.containsEntry("first", new Counts(3, 0, 0))
			.containsEntry("second", new Counts(2, 1, 0));
		// the run may straddle a minute: the minutes add up to the day
		List<PeriodCounts> minutes = this.instances.admin.statistics().minutes(started, Instant.now());
		assertThat(minutes.stream().mapToLong((minute) -> minute.total().processed()).sum()).isEqualTo(5);
		assertThat(minutes.stream().mapToLong((minute) -> minute.total().failed()).sum()).isEqualTo(1);
		String dayKey = this.instances.keys.dayStats(today.toString());
		assertThat(this.instances.redis.getExpire(dayKey)).isBetween(Duration.ofDays(365).toSeconds() - 60,
				Duration.ofDays(365).toSeconds());
	}

	@Test
	void theirRetentionIsSetAndTheyCanBeTurnedOff() {
		this.instances.start(POLL, pool(1, POLL, "first", "second"),
				(instance) -> instance.setStatsRetention(new StatsRetention(Duration.ofDays(2), Duration.ofMinutes(5))));
		run();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.instances.redis.keys(this.instances.ns + ":stats:*").size() >= 2);
		List<String> keys = List.copyOf(this.instances.redis.keys(this.instances.ns + ":stats:*"));
		assertThat(keys).hasSizeBetween(2, 3).allSatisfy((key) -> {
			long ttl = this.instances.redis.getExpire(key);
			assertThat(ttl).isBetween(1L, Duration.ofDays(2).toSeconds());
			if (key.contains(":minute:")) {
				assertThat(ttl).isLessThanOrEqualTo(300);
			}
		});
	}

	@Test
	void noneAreKeptWhenTurnedOffAndABrokenKeyCountsNothingButBreaksNothing() throws Exception {
		String minuteKey = this.instances.keys.minuteStats(
				java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC).format(Instant.now()));
		this.instances.redis.opsForValue().set(minuteKey, "not a hash");
		this.instances.start(POLL, pool(1, POLL, "first", "second"), (instance) -> {
		});
		run();
		assertThat(this.instances.admin.stats().processed()).isEqualTo(5);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		// the day's counters are still added
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.instances.admin.statistics().days(today, today).get(0).total().processed() == 5);

		this.instances.close();
		this.instances = new Instances("Statistics", this.support);
		this.instances.start(POLL, pool(1, POLL, "first", "second"), (instance) -> instance.setStatsRetention(null));
		run();
		Thread.sleep(600);
		assertThat(this.instances.redis.keys(this.instances.ns + ":stats:*")).isEmpty();
	}

	/** Five successes (three on first, two on second) and one failure on second. */
	private void run() {
		for (int i = 0; i < 3; i++) {
			this.instances.resque.enqueue("first", "Outcome", List.of("ok"));
		}
		this.instances.resque.enqueue("second", "Outcome", List.of("ok"));
		this.instances.resque.enqueue("second", "Outcome", List.of("ok"));
		this.instances.resque.enqueue("second", "Outcome", List.of("fail"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.instances.admin.stats().processed() == 5 && this.instances.admin.stats().failed() == 1);
	}

	@ResqueJob(name = "Outcome")
	static class Outcome {

		public void perform(String outcome) {
			if (outcome.equals("fail")) {
				throw new IllegalStateException("failed as asked");
			}
		}

	}

}
