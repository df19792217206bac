package dev.resque.core.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

import dev.resque.core.job.Job;

/**
 * A job enqueued on a schedule: at the times of a cron expression (Spring's syntax, in a time zone) or every
 * fixed interval (aligned to the epoch, so every instance computes the same firings).
 *
 * @param name the schedule's name; one firing per name and time is ever enqueued
 * @param job the job to enqueue
 * @param cron the cron expression, or {@code null} for an interval
 * @param zone the cron expression's time zone
 * @param every the interval, or {@code null} for a cron expression
 */
public record RecurringJob(String name, Job job, @Nullable CronExpression cron, ZoneId zone, @Nullable Duration every) {

	public RecurringJob {
		if ((cron == null) == (every == null)) {
			throw new IllegalArgumentException("Recurring job " + name + " needs either a cron expression or an interval");
		}
		if (every != null && every.toSeconds() < 1) {
			throw new IllegalArgumentException("Recurring job " + name + " needs an interval of at least a second");
		}
	}

	public static RecurringJob cron(String name, Job job, String expression, ZoneId zone) {
		try {
			return new RecurringJob(name, job, CronExpression.parse(expression), zone, null);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Recurring job " + name + " has an invalid cron expression \"" + expression + "\": " + ex.getMessage(), ex);
		}
	}

	public static RecurringJob every(String name, Job job, Duration every) {
		return new RecurringJob(name, job, null, ZoneId.of("UTC"), every);
	}

	/**
	 * The latest firing after {@code lastFired} and not after {@code now}; firings missed in between are not made
	 * up for.
	 */
	public Optional<Instant> dueFiring(Instant lastFired, Instant now) {
		if (this.every != null) {
			long period = this.every.toSeconds();
			Instant slot = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), period) * period);
			return slot.isAfter(lastFired) ? Optional.of(slot) : Optional.empty();
		}
		ZonedDateTime next = this.cron.next(lastFired.atZone(this.zone));
		if (next == null || next.toInstant().isAfter(now)) {
			return Optional.empty();
		}
		ZonedDateTime latest = next;
		while ((next = this.cron.next(latest)) != null && !next.toInstant().isAfter(now)) {
			latest = next;
		}
		return Optional.of(latest.toInstant());
	}

	/** The next firing after {@code now}. */
	public Optional<Instant> nextFiring(Instant now) {
		if (this.every != null) {
			long period = this.every.toSeconds();
			return Optional.of(Instant.ofEpochSecond((Math.floorDiv(now.getEpochSecond(), period) + 1) * period));
		}
		return Optional.ofNullable(this.cron.next(now.atZone(this.zone))).map(ZonedDateTime::toInstant);
	}

	/** How long a firing's marker is kept: long enough that no scheduler could fire that time again. */
	Duration markerTtl() {
		return Duration.ofDays(2);
	}

}
