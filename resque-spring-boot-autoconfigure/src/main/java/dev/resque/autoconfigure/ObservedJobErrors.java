package dev.resque.autoconfigure;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.event.JobRetryScheduledEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.observation.JobProcessContext;

/**
 * Gives the {@code resque.job.process} observation of a job that failed, or failed and will run again, the
 * exception: its timer's {@code error} tag names the exception's simple class name ({@code none} only when no
 * exception was thrown) and a tracer marks its span as failed. Workers tell their listeners on the job's thread,
 * inside that observation's scope.
 */
record ObservedJobErrors(ObservationRegistry registry) implements ResqueJobListener {

	@Override
	public void jobFailed(JobFailedEvent event) {
		mark(event.exception());
	}

	@Override
	public void jobRetryScheduled(JobRetryScheduledEvent event) {
		mark(event.exception());
	}

	private void mark(Throwable error) {
		Observation current = this.registry.getCurrentObservation();
		if (current != null && current.getContext() instanceof JobProcessContext) {
			current.error(error);
		}
	}

}
