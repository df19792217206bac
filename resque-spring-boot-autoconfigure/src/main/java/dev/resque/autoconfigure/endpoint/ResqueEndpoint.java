package dev.resque.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.scheduler.RecurringJob;
import dev.resque.core.scheduler.ResqueScheduler;

/**
 * The {@code resque} actuator endpoint: queues, workers, failed, delayed, schedules and stats to read; retrying,
 * removing and clearing to write. Write operations are off unless {@code management.endpoint.resque.access} is
 * {@code unrestricted}. Failed entries are addressed by their index in the failed queue, never by a Redis key.
 */
@Endpoint(id = "resque", defaultAccess = Access.READ_ONLY)
public class ResqueEndpoint {

	private static final int PAGE = 100;

	private final ResqueTemplate resque;

	private final @Nullable ResqueScheduler scheduler;

	public ResqueEndpoint(ResqueTemplate resque, @Nullable ResqueScheduler scheduler) {
		this.resque = resque;
		this.scheduler = scheduler;
	}

	/** An overview: queue lengths, failed and delayed counts, workers and stats. */
	@ReadOperation
	public Map<String, Object> overview() {
		Map<String, Object> overview = new LinkedHashMap<>();
		overview.put("queues", queues());
		overview.put("failed", this.resque.failedCount());
		overview.put("delayedTimestamps", this.resque.timestamps().size());
		overview.put("workers", this.resque.workers().size());
		overview.put("leader", this.resque.leader().orElse(null));
		overview.put("stats", this.resque.stats());
		return overview;
	}

	/** One part: {@code queues}, {@code workers}, {@code failed}, {@code delayed}, {@code schedules} or {@code stats}. */
	@ReadOperation
	public Object section(@Selector String section) {
		return switch (section) {
			case "queues" -> queues();
			case "workers" -> this.resque.allWorkingOn();
			case "failed" -> failedPage(0);
			case "delayed" -> this.resque.allDelayed();
			case "schedules" -> schedules();
			case "stats" -> this.resque.stats();
			default -> throw invalid("Unknown section \"" + section
					+ "\"; use queues, workers, failed, delayed, schedules or stats");
		};
	}

	/**
	 * Acts on the failed queue or a queue: {@code retry} or {@code remove} the failed entry at {@code index},
	 * {@code retry-all} failed entries, or {@code clear-queue} the queue named {@code queue}.
	 */
	@WriteOperation
	public Map<String, Object> act(@Selector String action, @Nullable Integer index, @Nullable String queue) {
		return switch (action) {
			case "retry" -> Map.of("retried", this.resque.retryAndRemoveFailed(failedAt(index)));
			case "remove" -> Map.of("removed", this.resque.removeFailed(failedAt(index)) > 0);
			case "retry-all" -> Map.of("retried", this.resque.retryAllFailed());
			case "clear-queue" -> clearQueue(queue);
			default -> throw invalid(
					"Unknown action \"" + action + "\"; use retry, remove, retry-all or clear-queue");
		};
	}

	/** Answered with 400 Bad Request over HTTP. */
	private static InvalidEndpointRequestException invalid(String message) {
		return new InvalidEndpointRequestException(message, message);
	}

	private Map<String, Long> queues() {
		return this.resque.queueLengths();
	}

	private Map<String, Object> failedPage(int start) {
		List<FailedJob> failed = this.resque.failed(start, start + PAGE - 1);
		return Map.of("total", this.resque.failedCount(), "start", start, "jobs", failed);
	}

	private List<Map<String, Object>> schedules() {
		if (this.scheduler == null) {
			return List.of();
		}
		java.time.Instant now = java.time.Instant.now();
		return this.scheduler.schedules().stream().map((RecurringJob schedule) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", schedule.name());
			row.put("job", schedule.job());
			row.put("cron", (schedule.cron() != null) ? schedule.cron().toString() : null);
			row.put("every", schedule.every());
			row.put("zone", schedule.zone().getId());
			row.put("nextFiring", schedule.nextFiring(now).orElse(null));
			return row;
		}).toList();
	}

	private FailedJob failedAt(@Nullable Integer index) {
		if (index == null || index < 0) {
			throw invalid("An index of the failed queue (0 or more) is required");
		}
		return this.resque.failedAt(index)
			.orElseThrow(() -> invalid("The failed queue has no entry at index " + index));
	}

	private Map<String, Object> clearQueue(@Nullable String queue) {
		if (queue == null || queue.isBlank() || !this.resque.queues().contains(queue)) {
			throw invalid("A known queue name is required, one of " + this.resque.queues());
		}
		long length = this.resque.length(queue);
		this.resque.delQueue(queue);
		return Map.of("queue", queue, "cleared", length);
	}

}
