package dev.resque.core.plugin;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.resque.core.job.Durations;
import dev.resque.core.job.Job;

/** {@link QueueLock}: one waiting copy of a job at a time. */
final class QueueLockPlugin implements ResquePlugin {

	private final PluginSupport support;

	private final Duration lockTimeout;

	private final Clock clock;

	private final int[] args;

	private final QueueLock.Until until;

	QueueLockPlugin(PluginSupport support, QueueLock settings) {
		this(support, Durations.parse(settings.lockTimeout(), "@QueueLock(lockTimeout)"), support.clock(),
				PluginSupport.positions(settings.args(), "@QueueLock(args)"), settings.until());
	}

	QueueLockPlugin(PluginSupport support, Duration lockTimeout, Clock clock, int[] args, QueueLock.Until until) {
		this.support = support;
		this.lockTimeout = lockTimeout;
		this.clock = clock;
		this.args = args;
		this.until = until;
	}

	String key(Job job) {
		return this.support.keys().queueLock(job.name(), job.queue(), this.support.argsJson(job, this.args));
	}

	@Override
	public boolean beforeEnqueue(EnqueueContext context) {
		boolean taken = this.support.store().acquireLock(key(context.job()),
				LockValues.newValue(this.clock, this.lockTimeout), this.lockTimeout, this.clock.instant(), true);
		// a failed job's retry, moved from the schedule, holds the lock it kept until it succeeds
		return taken || (this.until == QueueLock.Until.SUCCEEDED && context.scheduledAt() != null);
	}

	@Override
	public boolean beforePerform(PerformContext context) {
		if (this.until == QueueLock.Until.EXECUTING) {
			// the waiting copy is no longer waiting: an identical job may be enqueued again
			release(context);
		}
		return true;
	}

	@Override
	public void afterPerform(PerformContext context) {
		if (this.until == QueueLock.Until.FINISHED
				|| (this.until == QueueLock.Until.SUCCEEDED && context.failure() == null)) {
			release(context);
		}
	}

	private void release(PerformContext context) {
		this.support.store().delete(List.of(key(context.job())));
	}

}
