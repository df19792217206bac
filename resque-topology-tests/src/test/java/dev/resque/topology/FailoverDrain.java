package dev.resque.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.ResqueOperations;
import dev.resque.core.admin.ResqueAdmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drain of numbered {@link CountJob}s that a failover interrupts: the jobs are all enqueued (and replicated)
 * before the master is killed, so none may be lost; a job whose take or finish the old master had not yet passed on
 * to its replica runs again, so repeats are allowed, a few.
 */
final class FailoverDrain {

	private static final Logger log = LoggerFactory.getLogger(FailoverDrain.class);

	/** Repeats allowed: the jobs running at the kill and those whose takes the replica had not yet received. */
	static final int MAX_REPEATS = 50;

	private final ResqueOperations resque;

	private final ResqueAdmin admin;

	private final JobRuns runs;

	private final List<String> ids;

	private final int millis;

	FailoverDrain(ResqueOperations resque, ResqueAdmin admin, JobRuns runs, String prefix, int count, int millis) {
		this.resque = resque;
		this.admin = admin;
		this.runs = runs;
		this.ids = IntStream.rangeClosed(1, count).mapToObj((n) -> prefix + n).toList();
		this.millis = millis;
	}

	/** Pauses the queue and enqueues every job, so that all of them are in Redis before the drain starts. */
	void enqueueWhilePaused() {
		this.admin.queues().pause("work");
		this.resque.enqueueAll(this.ids.stream().map((id) -> this.resque.job(CountJob.class, id, this.millis)).toList());
	}

	void resume() {
		this.admin.queues().resume("work");
	}

	void awaitRuns(int count) {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.runs.count() >= count);
	}

	void assertEveryJobRanAtLeastOnce(Duration timeout) {
		await().atMost(timeout).until(() -> this.runs.all().keySet().containsAll(this.ids));
		Map<String, Integer> all = this.runs.all();
		assertThat(all).containsOnlyKeys(this.ids);
		long repeats = all.values().stream().mapToLong((count) -> count - 1).sum();
		log.info("{} jobs ran, {} of them again after the failover", this.ids.size(), repeats);
		assertThat(repeats).as("runs beyond the first").isLessThanOrEqualTo(MAX_REPEATS);
		// the workers go on against the new master: the queue is empty, nothing stays held
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.admin.queues().length("work")).isZero();
			assertThat(this.admin.workers().statuses()).allSatisfy((status) -> assertThat(status.isIdle()).isTrue());
		});
	}

}
