package dev.resque.core.queue;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The jobs counted in one day or one minute (UTC), in all and per queue, as our workers recorded their outcomes.
 *
 * @param period the day ({@code 2026-12-02}) or the minute ({@code 2026-12-02T10:15})
 * @param total jobs processed, failed (retried attempts included) and cancelled in the period
 * @param queues the same per queue, for the queues that had any
 */
public record PeriodCounts(String period, Counts total, Map<String, Counts> queues) {

	public PeriodCounts {
		queues = Collections.unmodifiableMap(new TreeMap<>(queues));
	}

	/**
	 * @param processed jobs that succeeded
	 * @param failed attempts that failed, retried or not
	 * @param cancelled jobs cancelled while they ran
	 */
	public record Counts(long processed, long failed, long cancelled) {

		public static final Counts NONE = new Counts(0, 0, 0);

	}

}
