package dev.resque.core.event;

import java.util.List;
import java.util.function.Consumer;

/** Calls several scheduler listeners; one that throws is logged and disturbs neither the scheduler nor the others. */
public final class ResqueSchedulerListeners implements ResqueSchedulerListener {

	private final List<ResqueSchedulerListener> listeners;

	public ResqueSchedulerListeners(List<? extends ResqueSchedulerListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void leaderGained(LeaderGainedEvent event) {
		each((listener) -> listener.leaderGained(event));
	}

	@Override
	public void leaderLost(LeaderLostEvent event) {
		each((listener) -> listener.leaderLost(event));
	}

	@Override
	public void delayedJobsMoved(DelayedJobsMovedEvent event) {
		each((listener) -> listener.delayedJobsMoved(event));
	}

	@Override
	public void workerCleaned(WorkerCleanedEvent event) {
		each((listener) -> listener.workerCleaned(event));
	}

	@Override
	public void recurringJobFired(RecurringJobFiredEvent event) {
		each((listener) -> listener.recurringJobFired(event));
	}

	private void each(Consumer<ResqueSchedulerListener> call) {
		ListenerCalls.each(this.listeners, call);
	}

}
