package dev.resque.autoconfigure.health;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.worker.ResqueWorkerContainer;

/**
 * Resque's health: DOWN when Redis cannot be read, this instance's workers are not running (or a worker thread
 * died, or pings do not reach Redis), a scheduler duty has stopped completing its cycles, or the failed queue
 * holds more than the optional threshold; details tell queues, failed, workers, the leader and what is wrong.
 */
public class ResqueHealthIndicator extends AbstractHealthIndicator {

	private final ResqueAdmin admin;

	private final @Nullable ResqueWorkerContainer workers;

	private final @Nullable ResqueScheduler scheduler;

	private final @Nullable Long failedThreshold;

	public ResqueHealthIndicator(ResqueAdmin admin, @Nullable ResqueWorkerContainer workers,
			@Nullable Long failedThreshold) {
		this(admin, workers, null, failedThreshold);
	}

	public ResqueHealthIndicator(ResqueAdmin admin, @Nullable ResqueWorkerContainer workers,
			@Nullable ResqueScheduler scheduler, @Nullable Long failedThreshold) {
		super("Resque health check failed");
		this.admin = admin;
		this.workers = workers;
		this.scheduler = scheduler;
		this.failedThreshold = failedThreshold;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		long failed = this.admin.failures().count();
		List<String> queues = this.admin.queues().names();
		builder.withDetail("failed", failed)
			.withDetail("queues", queues.size())
			.withDetail("registeredWorkers", this.admin.workers().registered().size());
		this.admin.leader().ifPresent((leader) -> builder.withDetail("schedulerLeader", leader));
		if (this.workers != null) {
			builder.withDetail("localWorkers", this.workers.workerNames().size());
			if (!this.workers.isRunning()) {
				builder.down().withDetail("reason", "this instance's workers are not running");
				return;
			}
			List<String> problems = this.workers.problems();
			if (!problems.isEmpty()) {
				builder.down().withDetail("reason", String.join("; ", problems));
				return;
			}
		}
		if (this.scheduler != null) {
			List<String> stalled = this.scheduler.stalledDuties();
			if (!stalled.isEmpty()) {
				builder.down()
					.withDetail("stalledDuties", stalled)
					.withDetail("reason", "scheduler duties " + stalled + " have not completed a cycle lately");
				return;
			}
		}
		if (this.failedThreshold != null && failed > this.failedThreshold) {
			builder.down()
				.withDetail("reason", "the failed queue holds " + failed + " jobs, more than the threshold of "
						+ this.failedThreshold);
			return;
		}
		builder.up();
	}

}
