package dev.resque.core.event;

/**
 * This application's scheduler is no longer the leader (it stopped, or another scheduler holds the lock).
 *
 * @param scheduler the scheduler's name
 */
public record LeaderLostEvent(String scheduler) implements ResqueEvent {
}
