package dev.resque.core.queue;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code stat:*} counters.
 *
 * @param processed jobs processed by all workers ever
 * @param failed jobs failed ever
 * @param cancelled jobs cancelled while they ran, ever (our own counter)
 * @param workers counters of the registered workers, by worker name
 */
public record ResqueStats(long processed, long failed, long cancelled, Map<String, WorkerStats> workers) {

	public ResqueStats {
		workers = Collections.unmodifiableMap(new TreeMap<>(workers));
	}

	/** Counters as Resque's peers keep them, with none cancelled. */
	public ResqueStats(long processed, long failed, Map<String, WorkerStats> workers) {
		this(processed, failed, 0, workers);
	}

	/**
	 * Counters of one worker.
	 *
	 * @param processed jobs it processed
	 * @param failed jobs that failed on it
	 */
	public record WorkerStats(long processed, long failed) {
	}

}
