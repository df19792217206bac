package dev.resque.core.event;

/**
 * What every Resque event is: told to {@link ResqueJobListener}s and {@link ResqueSchedulerListener}s, and
 * published as a Spring application event by the auto-configuration, so that one
 * {@code @EventListener void on(ResqueEvent event)} sees them all.
 */
public sealed interface ResqueEvent permits DelayedJobsMovedEvent, JobCancelledEvent, JobEnqueuedEvent, JobFailedEvent,
		JobProgressEvent, JobRetryScheduledEvent, JobStartedEvent, JobSucceededEvent, LeaderGainedEvent, LeaderLostEvent,
		RecurringJobFiredEvent, WorkerCleanedEvent, WorkerHungEvent, WorkerStartedEvent, WorkerStoppedEvent {

}
