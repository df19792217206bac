package dev.resque.core.plugin;

import java.time.Instant;
import java.util.List;

import dev.resque.core.job.Job;

/** {@link DelayQueueLock}: no enqueue while the same job is scheduled. */
final class DelayQueueLockPlugin implements ResquePlugin {

	private final PluginSupport support;

	DelayQueueLockPlugin(PluginSupport support) {
		this.support = support;
	}

	@Override
	public boolean beforeEnqueue(EnqueueContext context) {
		Job job = context.job();
		List<Instant> scheduled = this.support.delayed().scheduledAt(job);
		// a delayed job being moved by the scheduler does not block itself
		return scheduled.stream().allMatch((at) -> at.equals(context.scheduledAt()));
	}

}
