package dev.resque.core.queue;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code stat:*} counters.
 *
 * @param processed jobs processed by all workers ever
 * @param failed jobs failed ever
 * @param workers counters of the registered workers, by worker name
 */
public record ResqueStats(long processed, long failed, Map<String, WorkerStats> workers) {

	public ResqueStats {
		workers = Collections.unmodifiableMap(new TreeMap<>(workers));
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
