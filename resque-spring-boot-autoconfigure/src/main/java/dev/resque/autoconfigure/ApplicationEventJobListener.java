package dev.resque.autoconfigure;

import org.springframework.context.ApplicationEventPublisher;

import dev.resque.core.event.JobCancelledEvent;
import dev.resque.core.event.JobEnqueuedEvent;
import dev.resque.core.event.JobFailedEvent;
import dev.resque.core.event.JobProgressEvent;
import dev.resque.core.event.JobRetryScheduledEvent;
import dev.resque.core.event.JobStartedEvent;
import dev.resque.core.event.JobSucceededEvent;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.event.WorkerHungEvent;
import dev.resque.core.event.WorkerStartedEvent;
import dev.resque.core.event.WorkerStoppedEvent;

/** Publishes worker and job events as Spring application events, for {@code @EventListener} methods. */
class ApplicationEventJobListener implements ResqueJobListener {

	private final ApplicationEventPublisher publisher;

	ApplicationEventJobListener(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void jobEnqueued(JobEnqueuedEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void jobStarted(JobStartedEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void jobSucceeded(JobSucceededEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void jobFailed(JobFailedEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void jobRetryScheduled(JobRetryScheduledEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void jobCancelled(JobCancelledEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void jobProgress(JobProgressEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void workerStarted(WorkerStartedEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void workerStopped(WorkerStoppedEvent event) {
		this.publisher.publishEvent(event);
	}

	@Override
	public void workerHung(WorkerHungEvent event) {
		this.publisher.publishEvent(event);
	}

}
