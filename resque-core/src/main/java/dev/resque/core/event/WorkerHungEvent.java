package dev.resque.core.event;

import java.time.Duration;

import dev.resque.core.job.Job;

/**
 * A job went on past its timeout and ignored the interrupt for the grace period: its worker is given up on. The
 * job was put back at the head of its queue or moved to the failed queue (the stuck-job action), the worker
 * unregistered, and a new worker took its place; the thread itself cannot be stopped and runs on until the job
 * returns.
 *
 * @param worker the hung worker's name
 * @param job the job it is stuck in
 * @param timeout the job's timeout
 * @param requeued whether the job went back to its queue ({@code false}: to the failed queue)
 * @param replacement the name of the worker that took its place
 */
public record WorkerHungEvent(String worker, Job job, Duration timeout, boolean requeued, String replacement)
		implements ResqueEvent {
}
