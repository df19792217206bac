package dev.resque.core.enqueue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;

/**
 * Builds the {@link Job}s that {@code ResqueOperations} implementations enqueue, checking them before anything is
 * sent: a typed job against its class's {@code perform} methods, a raw one for its queue and name, and every
 * argument for whether it can be written as JSON.
 */
public final class JobFactory {

	private final JobCodec codec;

	private final Map<Class<?>, JobDefinition> definitions = new ConcurrentHashMap<>();

	public JobFactory(JobCodec codec) {
		this.codec = codec;
	}

	/** A job by its class: name and queue from {@code @ResqueJob}, checked against its {@code perform} methods. */
	public Job typed(Class<?> jobClass, Object... args) {
		JobDefinition definition = this.definitions.computeIfAbsent(jobClass, JobDefinition::of);
		Object[] values = (args != null) ? args : new Object[0];
		if (!definition.accepts(values.length)) {
			throw new IllegalArgumentException("Job " + definition.name() + " takes "
					+ definition.describePerformMethods() + " but was given " + values.length + " argument(s)");
		}
		return new Job(definition.name(), definition.queue(), this.codec.toJsonValues(definition.name(), values));
	}

	/** A job by queue and name, for jobs that may be worked by another language. */
	public Job raw(String queue, String jobName, List<?> args) {
		if (queue == null || queue.isBlank()) {
			throw new IllegalArgumentException("A queue name is required to enqueue job " + jobName);
		}
		if (jobName == null || jobName.isBlank()) {
			throw new IllegalArgumentException("A job name is required to enqueue on queue " + queue);
		}
		Object[] values = (args != null) ? args.toArray() : new Object[0];
		return new Job(jobName, queue, this.codec.toJsonValues(jobName, values));
	}

}
