package dev.resque.core.worker;

import java.time.Duration;
import java.util.List;

/**
 * A pool of worker threads that share a queue list.
 *
 * @param name the pool's name, for logs
 * @param queues queues in priority order; {@code *} means every queue, in alphabetical order
 * @param concurrency how many worker threads (each a registered Resque worker)
 * @param pollInterval how often an idle pool looks for jobs that were enqueued without a wake-up signal (by
 * other languages)
 * @param order how the queues are ordered for each take: strict priority, or weighted
 */
public record WorkerPoolSettings(String name, List<String> queues, int concurrency, Duration pollInterval,
		QueueOrder order) {

	/** A pool that takes from its queues in strict priority order. */
	public WorkerPoolSettings(String name, List<String> queues, int concurrency, Duration pollInterval) {
		this(name, queues, concurrency, pollInterval, QueueOrder.strict());
	}

	public WorkerPoolSettings {
		queues = List.copyOf(queues);
		if (queues.isEmpty()) {
			throw new IllegalArgumentException("Worker pool " + name + " has no queues; use \"*\" for all queues");
		}
		if (queues.contains("*") && queues.size() > 1) {
			throw new IllegalArgumentException(
					"Worker pool " + name + " lists \"*\" with other queues " + queues + "; use \"*\" alone");
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException("Worker pool " + name + " needs a concurrency of at least 1");
		}
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("Worker pool " + name + " needs a positive poll interval");
		}
	}

	public boolean isWildcard() {
		return this.queues.equals(List.of("*"));
	}

	/** The queues as registered: {@code q1,q2} or {@code *}. */
	public String queuesCsv() {
		return String.join(",", this.queues);
	}

}
