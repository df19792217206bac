package dev.resque.core.event;

/**
 * This application's scheduler became the leader: it now moves delayed jobs, cleans dead workers and fires
 * recurring jobs.
 *
 * @param scheduler the scheduler's name, as held in the leader lock
 */
public record LeaderGainedEvent(String scheduler) implements ResqueEvent {
}
