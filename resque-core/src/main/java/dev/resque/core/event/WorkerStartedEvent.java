package dev.resque.core.event;

import java.util.List;

/**
 * A worker registered and started taking jobs.
 *
 * @param worker the worker's name
 * @param queues its queues in priority order
 */
public record WorkerStartedEvent(String worker, List<String> queues) implements ResqueEvent {
}
