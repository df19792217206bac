package dev.resque.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.job.Job;

import static org.assertj.core.api.Assertions.assertThat;

/** Job names come from payloads: names no job here has are counted under {@code job=unknown}. */
class ResqueMetricsTests {

	@Test
	void knownJobsAndQueuesHaveMetersBeforeRedisIsRead() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		AtomicInteger reads = new AtomicInteger();
		ResqueSnapshot snapshot = new ResqueSnapshot(() -> {
			reads.incrementAndGet();
			throw new IllegalStateException("no Redis here");
		}, Duration.ofSeconds(5));
		ResqueMetrics metrics = new ResqueMetrics(snapshot, () -> false, Set.of("SendMail")::contains,
				() -> new ResqueMetrics.Known(Map.of("SendMail", "mail"), Set.of("mail", "reports")));
		metrics.bindTo(registry);
		assertThat(registry.find(ResqueMetrics.QUEUE_LENGTH).gauges())
			.extracting((gauge) -> gauge.getId().getTag("queue"))
			.containsExactlyInAnyOrder("mail", "reports");
		for (String counter : List.of("resque.jobs.enqueued", "resque.jobs.processed", "resque.jobs.failed",
				"resque.jobs.retried")) {
			assertThat(registry.get(counter).tags("queue", "mail", "job", "SendMail").counter())
				.satisfies((known) -> {
					assertThat(known.count()).isZero();
					assertThat(known.getId().getDescription()).isNotBlank();
					assertThat(known.getId().getBaseUnit()).isEqualTo("jobs");
				});
		}
		assertThat(reads).hasValue(0);
	}

	@Test
	void unknownJobNamesShareOneCounter() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ResqueMetrics metrics = new ResqueMetrics(new ResqueSnapshot(() -> null, Duration.ofSeconds(5)), () -> false,
				Set.of("SendMail")::contains);
		metrics.bindTo(registry);
		for (int i = 0; i < 1_000; i++) {
			Job hostile = Job.of("q", "Hostile" + i);
			metrics.jobFailed(new JobFailedEvent("w", "q", hostile, "{}", new IllegalStateException(), Duration.ZERO));
		}
		metrics.jobEnqueued(new JobEnqueuedEvent(Job.of("mail", "SendMail")));
		assertThat(registry.find("resque.jobs.failed").counters()).singleElement()
			.satisfies((counter) -> {
				assertThat(counter.getId().getTag("job")).isEqualTo("unknown");
				assertThat(counter.count()).isEqualTo(1_000);
			});
		assertThat(registry.get("resque.jobs.enqueued").counter().getId().getTag("job")).isEqualTo("SendMail");
	}

}
