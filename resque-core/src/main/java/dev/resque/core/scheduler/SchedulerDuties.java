package dev.resque.core.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * When each of the scheduler's duties last completed a cycle (or, for a long one, a step of it), so that health
 * can name a duty that stopped: a dead thread, a Redis it cannot use, an error it hits on every cycle.
 */
public final class SchedulerDuties {

	private static final Logger log = LoggerFactory.getLogger(SchedulerDuties.class);

	/** The scheduler's duties. Leadership runs on every instance; the others only on the leader. */
	public enum Duty {

		LEADERSHIP("leadership"), DELAYED_JOBS("delayed-jobs"), DEAD_WORKERS("dead-workers"),
		RECURRING_JOBS("recurring-jobs"), FAILED_CAP("failed-cap"), HISTORY("history");

		private final String label;

		Duty(String label) {
			this.label = label;
		}

		/** The name health reports. */
		public String label() {
			return this.label;
		}

	}

	private final Map<Duty, Instant> completed = Collections.synchronizedMap(new EnumMap<>(Duty.class));

	/** Duties whose last cycle failed, so that a run of failures is logged once. */
	private final Set<Duty> failing = EnumSet.noneOf(Duty.class);

	private final Clock clock;

	private final Instant created;

	SchedulerDuties(Clock clock) {
		this.clock = clock;
		this.created = clock.instant();
	}

	/**
	 * Runs a cycle of a duty and records how it went. A failure is logged once per run of failures (then at
	 * debug level) and never escapes: the other duties run on. Redis being unreachable goes to {@code outage}
	 * instead, as it is no duty's fault.
	 */
	void run(Duty duty, Runnable work, Consumer<DataAccessException> outage) {
		try {
			work.run();
			if (completed(duty)) {
				log.info("Resque scheduler duty {} completes again", duty.label());
			}
		}
		catch (DataAccessException ex) {
			if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException) {
				outage.accept(ex);
			}
			else {
				failed(duty, ex);
			}
		}
		catch (Throwable ex) {
			failed(duty, ex);
		}
	}

	private void failed(Duty duty, Throwable ex) {
		if (failed(duty)) {
			log.error("Resque scheduler duty {} failed ({}); it runs again at every poll and health reports it "
					+ "until it completes", duty.label(), rootMessage(ex), ex);
		}
		else {
			log.debug("Resque scheduler duty {} failed again: {}", duty.label(), rootMessage(ex));
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.toString();
	}

	/** Records a completed cycle; returns whether the duty had been failing until now. */
	boolean completed(Duty duty) {
		this.completed.put(duty, this.clock.instant());
		synchronized (this.failing) {
			return this.failing.remove(duty);
		}
	}

	/** Records a failed cycle; returns whether it is the first since the duty last completed. */
	boolean failed(Duty duty) {
		synchronized (this.failing) {
			return this.failing.add(duty);
		}
	}

	/** When each duty last completed; a duty that never did is missing. */
	public Map<Duty, Instant> lastCompleted() {
		synchronized (this.completed) {
			return Map.copyOf(this.completed);
		}
	}

	/**
	 * The duties that have not completed within {@code allowed}: leadership always, the leader's duties only
	 * while {@code leader}. A duty is measured from the scheduler's start until its first cycle.
	 */
	public List<Duty> stalled(Duration allowed, boolean leader, Instant leaderSince) {
		Instant now = this.clock.instant();
		List<Duty> stalled = new ArrayList<>();
		for (Duty duty : Duty.values()) {
			if (duty != Duty.LEADERSHIP && !leader) {
				continue;
			}
			Instant since = (duty == Duty.LEADERSHIP) ? this.created : leaderSince;
			Instant last = this.completed.get(duty);
			Instant reference = (last == null || last.isBefore(since)) ? since : last;
			if (Duration.between(reference, now).compareTo(allowed) > 0) {
				stalled.add(duty);
			}
		}
		return stalled;
	}

}
