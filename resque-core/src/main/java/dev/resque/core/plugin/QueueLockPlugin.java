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

	QueueLockPlugin(PluginSupport support, QueueLock settings) {
		this(support, Durations.parse(settings.lockTimeout(), "@QueueLock(lockTimeout)"), support.clock());
	}

	QueueLockPlugin(PluginSupport support, Duration lockTimeout, Clock clock) {
		this.support = support;
		this.lockTimeout = lockTimeout;
		this.clock = clock;
	}

	String key(Job job) {
		return this.support.keys().queueLock(job.name(), job.queue(), this.support.argsJson(job));
	}

	@Override
	public boolean beforeEnqueue(EnqueueContext context) {
		return this.support.store().acquireLock(key(context.job()), LockValues.newValue(this.clock, this.lockTimeout),
				this.lockTimeout, this.clock.instant(), true);
	}

	@Override
	public boolean beforePerform(PerformContext context) {
		// the waiting copy is no longer waiting: an identical job may be enqueued again
		this.support.store().delete(List.of(key(context.job())));
		return true;
	}

}
