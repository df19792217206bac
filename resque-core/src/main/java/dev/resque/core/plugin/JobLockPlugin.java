package dev.resque.core.plugin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.Durations;
import dev.resque.core.job.Job;

/** {@link JobLock}: one running copy of a job at a time. */
final class JobLockPlugin implements ResquePlugin {

	private static final Logger log = LoggerFactory.getLogger(JobLockPlugin.class);

	private static final String VALUE = JobLockPlugin.class.getName() + ".value";

	private static final int RE_ENQUEUE_ATTEMPTS = 10;

	private final PluginSupport support;

	private final Duration lockTimeout;

	private final boolean reEnqueue;

	private final Duration reEnqueueDelay;

	private final Clock clock;

	private final int[] args;

	JobLockPlugin(PluginSupport support, JobLock settings) {
		this(support, Durations.parse(settings.lockTimeout(), "@JobLock(lockTimeout)"), settings.reEnqueue(),
				Durations.parse(settings.reEnqueueDelay(), "@JobLock(reEnqueueDelay)"), support.clock(),
				PluginSupport.positions(settings.args(), "@JobLock(args)"));
	}

	JobLockPlugin(PluginSupport support, Duration lockTimeout, boolean reEnqueue, Duration reEnqueueDelay, Clock clock,
			int[] args) {
		this.args = args;
		this.support = support;
		this.lockTimeout = lockTimeout;
		this.reEnqueue = reEnqueue;
		this.reEnqueueDelay = reEnqueueDelay;
		this.clock = clock;
	}

	String key(Job job) {
		return this.support.keys().jobLock(job.name(), job.queue(), this.support.argsJson(job, this.args));
	}

	@Override
	public boolean beforePerform(PerformContext context) {
		Job job = context.job();
		String value = LockValues.newValue(this.clock, this.lockTimeout);
		if (this.support.store().acquireLock(key(job), value, this.lockTimeout, this.clock.instant(), false)) {
			context.attribute(VALUE, value);
			return true;
		}
		if (this.reEnqueue) {
			Instant at = this.clock.instant().plus(this.reEnqueueDelay);
			for (int i = 0; i < RE_ENQUEUE_ATTEMPTS; i++) {
				if (this.support.delayed().schedule(at.plusSeconds(i), job, context.jobId())) {
					log.debug("Job {} is running elsewhere; it runs again at {}", job, at.plusSeconds(i));
					return false;
				}
			}
			log.debug("Job {} is running elsewhere and already scheduled to run again; this copy is dropped", job);
		}
		return false;
	}

	@Override
	public void afterPerform(PerformContext context) {
		Object value = context.attribute(VALUE);
		if (value != null) {
			this.support.store().releaseLock(key(context.job()), value.toString());
		}
	}

}
