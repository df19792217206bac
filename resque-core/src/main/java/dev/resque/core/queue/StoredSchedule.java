package dev.resque.core.queue;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;

/**
 * A recurring schedule as resque-scheduler keeps it in its {@code persistent_schedules} hash: what it fires and
 * when, in rufus-scheduler's terms.
 *
 * @param name the schedule's name (its field in the hash)
 * @param job what each firing enqueues
 * @param cron a cron expression, 5 fields (minute first) or 6 (second first), optionally followed by a time zone
 * as rufus-scheduler reads it ({@code "0 9 * * 1-5 Europe/Berlin"}); {@code null} for an interval
 * @param every an interval in rufus-scheduler's form ({@code "30s"}, {@code "5m"}, {@code "1h30m"}, {@code "1d"});
 * {@code null} for a cron expression
 * @param description what it is for ({@code ""} for nothing)
 */
public record StoredSchedule(String name, Job job, @Nullable String cron, @Nullable String every, String description) {
}
