package dev.resque.core.plugin;

import java.time.Clock;
import java.time.Duration;

import dev.resque.core.job.Job;

/** {@link QueueLock}: one waiting copy of a job at a time. */
final class QueueLockPlugin implements ResquePlugin {

	private final PluginSupport support;

	private final Duration lockTimeout;

	private final Clock clock;

	QueueLockPlugin(PluginSupport support, QueueLock settings) {
		this(support, Durations.parse(settings.lockTimeout(), "@QueueLock(lockTimeout)"), Clock.systemUTC());
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
		return LockValues.acquire(this.support.redis(), key(context.job()),
				LockValues.newValue(this.clock, this.lockTimeout), this.lockTimeout, this.clock, true);
	}

	@Override
	public boolean beforePerform(PerformContext context) {
		// the waiting copy is no longer waiting: an identical job may be enqueued again
		this.support.redis().delete(key(context.job()));
		return true;
	}

}
