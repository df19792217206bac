package dev.resque.fault;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.redis.ResqueKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** Enqueues numbered jobs and tells, by id, which ran and how often ({@link RecordedJob} counts them). */
final class JobLedger {

	private final ResqueTemplate resque;

	private final StringRedisTemplate redis;

	private final ResqueKeys keys;

	private final List<String> ids;

	private final Supplier<Map<String, Long>> runs;

	/** A ledger of jobs run by {@link RecordedJob} in worker JVMs: runs are read from Redis. */
	JobLedger(ResqueTemplate resque, StringRedisTemplate redis, ResqueKeys keys, String prefix, int count) {
		this(resque, redis, keys, prefix, count, null);
	}

	/** A ledger of jobs run by {@link MemoryRecordedJob} in this JVM. */
	JobLedger(ResqueTemplate resque, String prefix, int count, MemoryRecordedJob job) {
		this(resque, null, null, prefix, count, () -> Map.copyOf(job.runs));
	}

	private JobLedger(ResqueTemplate resque, StringRedisTemplate redis, ResqueKeys keys, String prefix, int count,
			Supplier<Map<String, Long>> runs) {
		this.resque = resque;
		this.redis = redis;
		this.keys = keys;
		this.ids = IntStream.rangeClosed(1, count).mapToObj((i) -> prefix + i).toList();
		this.runs = (runs != null) ? runs : () -> count("runs");
	}

	List<String> ids() {
		return this.ids;
	}

	void enqueueAll(long millis) {
		for (String id : this.ids) {
			this.resque.enqueue("q", "Recorded", List.of(id, millis));
		}
	}

	/** Completed runs by job id. */
	Map<String, Long> runs() {
		return this.runs.get();
	}

	/** Started runs by job id (a run killed midway started but did not complete). */
	Map<String, Long> started() {
		return count("started");
	}

	private Map<String, Long> count(String what) {
		Map<String, Long> runs = new HashMap<>();
		for (Object run : this.redis.opsForHash().keys(this.keys.key("test", what))) {
			String id = run.toString().substring(0, run.toString().indexOf('|'));
			runs.merge(id, 1L, Long::sum);
		}
		return runs;
	}

	/** How many jobs completed at least once. */
	long completed() {
		return runs().size();
	}

	boolean allRan() {
		return runs().keySet().containsAll(this.ids);
	}

	/** Every job ran at least once, and no more than {@code maxExtraRuns} runs were repeats. */
	void assertEveryJobRanAtLeastOnce(long maxExtraRuns) {
		Map<String, Long> runs = runs();
		assertThat(this.ids).allSatisfy((id) -> assertThat(runs).as("runs of job %s", id).containsKey(id));
		long extra = runs.values().stream().mapToLong((count) -> count - 1).sum();
		assertThat(extra).as("runs beyond the first (jobs in flight at a fault)").isLessThanOrEqualTo(maxExtraRuns);
	}

}
