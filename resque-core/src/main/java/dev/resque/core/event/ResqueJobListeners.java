package dev.resque.core.event;

import java.util.List;
import java.util.function.Consumer;

/** Calls several listeners; a listener that throws is logged and does not disturb the worker or the others. */
public final class ResqueJobListeners implements ResqueJobListener {

	private final List<ResqueJobListener> listeners;

	public ResqueJobListeners(List<? extends ResqueJobListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	@Override
	public void jobEnqueued(JobEnqueuedEvent event) {
		each((listener) -> listener.jobEnqueued(event));
	}

	@Override
	public void jobStarted(JobStartedEvent event) {
		each((listener) -> listener.jobStarted(event));
	}

	@Override
	public void jobSucceeded(JobSucceededEvent event) {
		each((listener) -> listener.jobSucceeded(event));
	}

	@Override
	public void jobFailed(JobFailedEvent event) {
		each((listener) -> listener.jobFailed(event));
	}

	@Override
	public void jobRetryScheduled(JobRetryScheduledEvent event) {
		each((listener) -> listener.jobRetryScheduled(event));
	}

	@Override
	public void jobCancelled(JobCancelledEvent event) {
		each((listener) -> listener.jobCancelled(event));
	}

	@Override
	public void jobProgress(JobProgressEvent event) {
		each((listener) -> listener.jobProgress(event));
	}

	@Override
	public void workerStarted(WorkerStartedEvent event) {
		each((listener) -> listener.workerStarted(event));
	}

	@Override
	public void workerStopped(WorkerStoppedEvent event) {
		each((listener) -> listener.workerStopped(event));
	}

	@Override
	public void workerHung(WorkerHungEvent event) {
		each((listener) -> listener.workerHung(event));
	}

	private void each(Consumer<ResqueJobListener> call) {
		ListenerCalls.each(this.listeners, call);
	}

}
