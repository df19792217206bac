package dev.resque.autoconfigure.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.dao.QueryTimeoutException;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.scheduler.ResqueScheduler;
import dev.resque.core.worker.ResqueWorkerContainer;

/**
 * Resque's health: DOWN when Redis cannot be read (or does not answer within the timeout, two seconds by
 * default, whatever the client's own timeout: a health check must not hang while Redis is away), this instance's
 * workers are not running (or a worker thread
 * died, or pings do not reach Redis), a scheduler duty has stopped completing its cycles, or the failed queue
 * holds more than the optional threshold; details tell queues, failed, workers, the leader and what is wrong.
 */
public class ResqueHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private final ResqueAdmin admin;

	private final @Nullable ResqueWorkerContainer workers;

	private final @Nullable ResqueScheduler scheduler;

	private final @Nullable Long failedThreshold;

	private final Duration timeout;

	/** Reads Redis off the caller's thread, so that the caller can stop waiting. */
	private final ExecutorService reader = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "resque-health");
		thread.setDaemon(true);
		return thread;
	});

	/** A read still waiting on Redis: the next check waits on it too rather than piling another one up. */
	private volatile @Nullable Future<RedisView> pending;

	public ResqueHealthIndicator(ResqueAdmin admin, @Nullable ResqueWorkerContainer workers,
			@Nullable Long failedThreshold) {
		this(admin, workers, null, failedThreshold, DEFAULT_TIMEOUT);
	}

	public ResqueHealthIndicator(ResqueAdmin admin, @Nullable ResqueWorkerContainer workers,
			@Nullable ResqueScheduler scheduler, @Nullable Long failedThreshold) {
		this(admin, workers, scheduler, failedThreshold, DEFAULT_TIMEOUT);
	}

	public ResqueHealthIndicator(ResqueAdmin admin, @Nullable ResqueWorkerContainer workers,
			@Nullable ResqueScheduler scheduler, @Nullable Long failedThreshold, Duration timeout) {
		super("Resque health check failed");
		this.admin = admin;
		this.workers = workers;
		this.scheduler = scheduler;
		this.failedThreshold = failedThreshold;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		RedisView redis;
		try {
			redis = readRedis().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			builder.down().withDetail("reason", "Redis did not answer within " + this.timeout);
			return;
		}
		catch (ExecutionException ex) {
			if (timedOut(ex.getCause())) {
				// the client's own timeout came first: Redis did not answer all the same
				builder.down()
					.withDetail("reason", "Redis did not answer within " + this.timeout)
					.withDetail("error", ex.getCause().getClass().getName() + ": " + ex.getCause().getMessage());
				return;
			}
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		long failed = redis.failed();
		builder.withDetail("failed", failed)
			.withDetail("queues", redis.queues())
			.withDetail("registeredWorkers", redis.registeredWorkers());
		if (redis.leader() != null) {
			builder.withDetail("schedulerLeader", redis.leader());
		}
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

	/** Whether a read failed because a command timed out (Spring's translation of the client's timeout). */
	private static boolean timedOut(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof QueryTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private synchronized Future<RedisView> readRedis() {
		Future<RedisView> current = this.pending;
		if (current == null || current.isDone()) {
			current = this.reader.submit(() -> new RedisView(this.admin.failures().count(),
					this.admin.queues().names().size(), this.admin.workers().registered().size(),
					this.admin.leader().orElse(null)));
			this.pending = current;
		}
		return current;
	}

	@Override
	public void destroy() {
		this.reader.shutdownNow();
	}

	/** What health reads from Redis. */
	private record RedisView(long failed, int queues, int registeredWorkers, @Nullable String leader) {
	}

}
