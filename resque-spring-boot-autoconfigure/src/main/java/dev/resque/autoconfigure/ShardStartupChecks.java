package dev.resque.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

import dev.resque.core.ResqueOperations;
import dev.resque.core.ShardedResqueTemplate;

/**
 * Says at startup what would leave jobs of a shard's queue where no worker takes them: an application's own
 * {@link ResqueOperations} bean that sends every job to the application's Redis, and jobs of a queue that now
 * lives on a shard still held there (the queue was moved, or another language enqueued there), with how to move
 * them. One WARN line each.
 */
final class ShardStartupChecks implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShardStartupChecks.class);

	private final ResqueShards shards;

	private final @Nullable ResqueOperations operations;

	private volatile boolean running;

	ShardStartupChecks(ResqueShards shards, @Nullable ResqueOperations operations) {
		this.shards = shards;
		this.operations = operations;
	}

	@Override
	public void start() {
		this.running = true;
		if (this.operations != null && !(this.operations instanceof ShardedResqueTemplate)) {
			log.warn("resque.shards is set, but the ResqueOperations bean is a {}, which sends every job to the "
					+ "application's Redis: jobs of the shards' queues would wait there for workers that do not look. "
					+ "Build it as a ShardedResqueTemplate, or use the starter's.",
					this.operations.getClass().getName());
		}
		try {
			this.shards.stranded().forEach((queue, count) -> log.warn("The application's Redis still holds {} jobs "
					+ "of queue {}, which lives on shard {}: move them with the dashboard's Shards table, POST "
					+ "/actuator/resque/move-stranded {{\"queue\": \"{}\"}} or ResqueShards.moveStranded", count, queue,
					this.shards.shardOf(queue).name(), queue));
		}
		catch (DataAccessException ex) {
			// Redis away at startup: the workers wait for it, and this check is not worth a failed start
			log.debug("Could not look for stranded jobs: {}", ex.toString());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
