package dev.resque.interop;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.ResqueStats;
import dev.resque.core.queue.WorkerRegistration;
import dev.resque.core.queue.WorkingOn;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a real node-resque worker leaves in Redis, read and administered through ResqueTemplate. */
class NodeWorkerRecordsInteropTests extends InteropTestSupport {

	/** Expected trees, read as the Node scripts' answers are read. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void weReadRemoveAndRetryTheFailuresOfANodeWorker() {
		// node-resque's failed_at has whole seconds
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String message = "kaputt: \"Grüße\" ✓ a/b";
		this.resque.enqueue("fail", "boom", List.of(message));
		this.resque.enqueue("fail", "nosuch", List.of(1, Map.of("a", List.of(true))));
		JsonNode outcomes = this.node.work(List.of("fail"), 2, "nodehost:41").await(Duration.ofSeconds(30));
		assertThat(outcomes).extracting((outcome) -> outcome.get("outcome").asString())
			.containsExactly("failure", "failure");

		assertThat(this.admin.failures().count()).isEqualTo(2);
		List<FailedJob> failed = this.admin.failures().range(0, -1);
		assertThat(failed.get(0)).satisfies((boom) -> {
			assertThat(boom.worker()).isEqualTo("nodehost:41");
			assertThat(boom.queue()).isEqualTo("fail");
			assertThat(boom.payload()).isEqualTo(Job.of("fail", "boom", message));
			assertThat(boom.exception()).isEqualTo("Error");
			assertThat(boom.error()).isEqualTo(message);
			assertThat(boom.backtrace()).isNotEmpty().allSatisfy((line) -> assertThat(line).startsWith("    at "));
			assertThat(boom.backtrace().get(0)).contains("resque-peer.js");
			assertThat(boom.failedAt()).isBetween(start, Instant.now());
		});
		assertThat(failed.get(1)).satisfies((unknown) -> {
			assertThat(unknown.payload()).isEqualTo(Job.of("fail", "nosuch", 1, Map.of("a", List.of(true))));
			assertThat(unknown.exception()).isEqualTo("Error");
			assertThat(unknown.error()).isEqualTo("No job defined for class \"nosuch\"");
			assertThat(unknown.failedAt()).isBetween(start, Instant.now());
		});
		assertThat(this.admin.stats()).isEqualTo(new ResqueStats(0, 2, Map.of()));

		assertThat(this.admin.failures().remove(failed.get(0))).isEqualTo(1);
		JsonNode left = this.node.queue("failed", 0, -1);
		assertThat(left).singleElement()
			.satisfies((entry) -> assertThat(entry.get("payload").get("class").asString()).isEqualTo("nosuch"));

		assertThat(this.admin.failures().retry(failed.get(1))).isTrue();
		assertThat(this.node.queue("failedCount").asInt()).isZero();
		assertThat(this.node.queue("queued", "fail", 0, -1))
			.containsExactly(JSON.readTree("{\"class\":\"nosuch\",\"queue\":\"fail\",\"args\":[1,{\"a\":[true]}]}"));
	}

	@Test
	void weSeeANodeWorkerItsCountersAndItsJobWhileItWorks() {
		this.resque.enqueue("high", "add", List.of(1, 2));
		this.resque.enqueue("high", "boom", List.of("no smtp"));
		this.resque.enqueue("low", "slow", List.of(1_500));
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		NodeResque.Run run = this.node.work(List.of("high", "low"), 3, "nodehost:42");
		// the two quick jobs on "high" come first; the slow one on "low" is held long enough to be seen
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.admin.workers()
				.workingOn("nodehost:42", "high,low")
				.filter((job) -> job.queue().equals("low"))
				.isPresent());

		assertThat(this.admin.workers().registered())
			.containsExactly(new WorkerRegistration("nodehost:42", List.of("high", "low"), "nodehost:42:high,low"));
		WorkingOn workingOn = this.admin.workers().workingOn("nodehost:42", "high,low").orElseThrow();
		assertThat(workingOn.worker()).isEqualTo("nodehost:42");
		assertThat(workingOn.queue()).isEqualTo("low");
		assertThat(workingOn.payload()).isEqualTo(Job.of("low", "slow", 1_500));
		assertThat(workingOn.runAt()).isBetween(start, Instant.now());
		assertThat(this.admin.workers().statuses()).singleElement()
			.satisfies((status) -> assertThat(status.workingOn()).isEqualTo(workingOn));
		assertThat(this.admin.stats()).isEqualTo(
				new ResqueStats(1, 1, Map.of("nodehost:42", new ResqueStats.WorkerStats(1, 1))));

		run.await(Duration.ofSeconds(30));
		// a worker that ends cleanly takes its registration and its own counters with it
		assertThat(this.admin.workers().registered()).isEmpty();
		assertThat(this.admin.workers().statuses()).isEmpty();
		assertThat(this.admin.stats()).isEqualTo(new ResqueStats(2, 1, Map.of()));
	}

}
