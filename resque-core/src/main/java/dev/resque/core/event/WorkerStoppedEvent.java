package dev.resque.core.event;

import java.util.List;

/**
 * A worker stopped and unregistered.
 *
 * @param worker the worker's name
 * @param queues its queues in priority order
 */
public record WorkerStoppedEvent(String worker, List<String> queues) implements ResqueEvent {
}
