package dev.resque.core.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.ResqueKeys;

import static dev.resque.core.worker.WorkerTestSupport.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Queue limits held together by three instances (each its own connection) of four workers: a concurrency limit
 * never exceeded, a rate limit held over ten seconds, a dead worker's slot lapsing with its lease.
 */
class QueueLimitTests {

	private static final Duration POLL = Duration.ofMillis(500);

	private final WorkerTestSupport support = new WorkerTestSupport();

	private final Parallelism parallelism = new Parallelism();

	private Instances instances;

	private ResqueKeys keys;

	private StringRedisTemplate redis;

	private ResqueTemplate resque;

	private ResqueAdmin admin;

	@BeforeEach
	void setUp() {
		this.instances = new Instances("Limits", this.support);
		this.keys = this.instances.keys;
		this.redis = this.instances.redis;
		this.resque = this.instances.resque;
		this.admin = this.instances.admin;
		this.support.register(new Tracked(this.parallelism));
	}

	@AfterEach
	void tearDown() {
		this.instances.close();
	}

	@Test
	void aSlotsKeyOfAnotherTypeNeverCountsAFinishedJobTwice() {
		this.instances.start(POLL, pool(1, POLL, "limited"),
				(instance) -> instance.setQueueLimits(Map.of("limited", QueueLimit.concurrency(2))));
		enqueue("limited", 1, 400);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.parallelism.runs("limited") == 1);
		// while the job runs, its queue's slots become a string: every limited take now fails on that key
		this.redis.opsForValue().set(this.keys.queueSlots("limited"), "not a sorted set");
		// the finish is recorded once, whatever the failing takes after it; the worker keeps trying
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
		assertThat(this.redis.opsForValue().get(this.keys.processed())).isEqualTo("1");
		assertThat(this.admin.failures().count()).isZero();
		this.redis.delete(this.keys.queueSlots("limited"));
		this.resque.enqueueAll(List.of(Job.of("limited", "Tracked", "limited", "limited-after", 0)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.parallelism.runs("limited") == 2);
		await().atMost(Duration.ofSeconds(5)).until(() -> "2".equals(this.redis.opsForValue().get(this.keys.processed())));
		assertThat(this.parallelism.each).allSatisfy((job, count) -> assertThat(count).as(job).isOne());
	}

	@Test
	void aConcurrencyLimitOfTwoHoldsAcrossThreeInstancesOfFourWorkers() {
		start(Map.of("limited", QueueLimit.concurrency(2)), "limited", "open");
		enqueue("limited", 60, 50);
		enqueue("open", 60, 50);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.parallelism.runs("limited") == 60);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.parallelism.runs("open") == 60);
		assertThat(this.parallelism.most("limited")).isEqualTo(2);
		// the other queue of the same workers is not held back
		assertThat(this.parallelism.most("open")).isGreaterThan(2);
		assertThat(this.parallelism.each).hasSize(120).allSatisfy((job, count) -> assertThat(count).as(job).isOne());
		// every slot was given back with its job
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Boolean.FALSE.equals(this.redis.hasKey(this.keys.queueSlots("limited"))));
	}

	@Test
	void aJobsOwnConcurrencyLimitOfTwoHoldsAcrossQueuesAndInstances() {
		this.support.register(new Capped(this.parallelism));
		start(Map.of(), "first", "second");
		List<Job> fill = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			fill.add(Job.of("first", "Capped", "capped-first-" + i));
			fill.add(Job.of("second", "Capped", "capped-second-" + i));
			fill.add(Job.of("second", "Tracked", "free", "free-" + i, 50));
		}
		this.resque.enqueueAll(fill);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.parallelism.runs("capped") == 60);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.parallelism.runs("free") == 30);
		assertThat(this.parallelism.most("capped")).isEqualTo(2);
		assertThat(this.parallelism.each).hasSize(90).allSatisfy((job, count) -> assertThat(count).as(job).isOne());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Boolean.FALSE.equals(this.redis.hasKey(this.keys.jobSlots("Capped"))));
	}

	@Test
	void aRateLimitOfFiftyASecondHoldsOverTenSeconds() throws Exception {
		start(Map.of("metered", QueueLimit.rate(50, Duration.ofSeconds(1))), "metered");
		// the limit as Redis keeps it: the takes within the last second by its clock, read every 20 ms meanwhile
		DefaultRedisScript<Long> inWindow = new DefaultRedisScript<>();
		inWindow.setLocation(new ClassPathResource("takes-in-window.lua", getClass()));
		inWindow.setResultType(Long.class);
		AtomicLong mostInAWindow = new AtomicLong();
		AtomicBoolean watching = new AtomicBoolean(true);
		Thread watcher = new Thread(() -> {
			while (watching.get()) {
				Long count = this.redis.execute(inWindow, List.of(this.keys.queueRate("metered")), "1000");
				mostInAWindow.accumulateAndGet((count != null) ? count : 0, Math::max);
				LockSupport.parkNanos(20_000_000L);
			}
		});
		watcher.start();
		enqueue("metered", 700, 0);
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.parallelism.starts("metered").size() >= 560);
		}
		finally {
			watching.set(false);
			watcher.join();
		}
		assertThat(mostInAWindow.get()).isEqualTo(50);
		List<Long> starts = this.parallelism.starts("metered");
		long first = starts.get(0);
		long inTenSeconds = starts.stream().filter((at) -> at - first < 10_000_000_000L).count();
		// 50 in each second: 500 in ten, a window's worth more at most where the ten seconds end mid-window
		assertThat(inTenSeconds).isBetween(485L, 550L);
	}

	@Test
	void aSlotOfAWorkerThatDiedLapsesWithItsLease() {
		// a worker of another instance took a slot and died: its lease runs out 1.5 s from now
		long lapses = System.currentTimeMillis() + 1_500;
		this.redis.opsForZSet().add(this.keys.queueSlots("limited"), "dead-worker", lapses);
		start(Map.of("limited", QueueLimit.concurrency(1)), "limited");
		enqueue("limited", 1, 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.parallelism.runs("limited") == 1);
		long ranAt = System.currentTimeMillis();
		assertThat(ranAt).isGreaterThanOrEqualTo(lapses - 50);
		assertThat(ranAt - lapses).as("ms after the lease lapsed").isLessThan(1_000);
	}

	/** Three instances, each with its own connection, of four workers on these queues, with these limits. */
	private void start(Map<String, QueueLimit> limits, String... queues) {
		for (int i = 0; i < 3; i++) {
			this.instances.start(POLL, pool(4, POLL, queues), (instance) -> instance.setQueueLimits(limits));
		}
	}

	private void enqueue(String queue, int jobs, long millis) {
		List<Job> fill = new ArrayList<>();
		for (int i = 0; i < jobs; i++) {
			fill.add(Job.of(queue, "Tracked", queue, queue + "-" + i, millis));
		}
		this.resque.enqueueAll(fill);
	}

	/** How many jobs of each queue ran at once at most, when each started, and how often each job ran. */
	static final class Parallelism {

		final Map<String, Integer> each = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> now = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();

		private final Map<String, List<Long>> starts = new ConcurrentHashMap<>();

		void started(String queue, String id) {
			this.starts.computeIfAbsent(queue, (q) -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime());
			int running = this.now.computeIfAbsent(queue, (q) -> new AtomicInteger()).incrementAndGet();
			this.most.computeIfAbsent(queue, (q) -> new AtomicInteger()).accumulateAndGet(running, Math::max);
			this.each.merge(id, 1, Integer::sum);
		}

		void ended(String queue) {
			this.now.get(queue).decrementAndGet();
		}

		int most(String queue) {
			return this.most.getOrDefault(queue, new AtomicInteger()).get();
		}

		long runs(String queue) {
			return starts(queue).size();
		}

		List<Long> starts(String queue) {
			List<Long> list = this.starts.getOrDefault(queue, List.of());
			synchronized (list) {
				List<Long> sorted = new ArrayList<>(list);
				Collections.sort(sorted);
				return sorted;
			}
		}

	}

	/** At most two run at once, wherever they are queued. */
	@ResqueJob(name = "Capped", maxConcurrency = 2)
	static class Capped {

		private final Parallelism parallelism;

		Capped(Parallelism parallelism) {
			this.parallelism = parallelism;
		}

		public void perform(String id) throws InterruptedException {
			this.parallelism.started("capped", id);
			try {
				Thread.sleep(50);
			}
			finally {
				this.parallelism.ended("capped");
			}
		}

	}

	@ResqueJob(name = "Tracked")
	static class Tracked {

		private final Parallelism parallelism;

		Tracked(Parallelism parallelism) {
			this.parallelism = parallelism;
		}

		public void perform(String queue, String id, long millis) throws InterruptedException {
			this.parallelism.started(queue, id);
			try {
				Thread.sleep(millis);
			}
			finally {
				this.parallelism.ended(queue);
			}
		}

	}

}
