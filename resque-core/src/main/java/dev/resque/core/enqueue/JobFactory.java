package dev.resque.core.enqueue;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.resque.core.codec.ArgumentBinder;
import dev.resque.core.codec.ArgumentBindingException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobEncodingException;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;

/**
 * Builds the {@link Job}s that {@code ResqueOperations} implementations enqueue, checking them before anything is
 * sent: a typed job against its class's {@code perform} methods (its arguments must bind as a worker binds them), a
 * raw one for its queue and name, and every argument for whether it can be written as JSON.
 */
public final class JobFactory {

	private final JobCodec codec;

	private final ArgumentBinder binder;

	private final Map<Class<?>, JobDefinition> definitions = new ConcurrentHashMap<>();

	public JobFactory(JobCodec codec) {
		this.codec = codec;
		this.binder = new ArgumentBinder(codec);
	}

	/**
	 * A job by its class: name and queue from {@code @ResqueJob}, its arguments bound to its {@code perform} method
	 * as a worker will bind them, so that arguments no worker could bind are refused before anything is sent.
	 * @throws IllegalArgumentException when the class is not a job, no {@code perform} takes that many arguments
	 * or an argument does not fit its parameter
	 * @throws JobEncodingException when an argument cannot be written as JSON
	 */
	public Job typed(Class<?> jobClass, Object... args) {
		JobDefinition definition = this.definitions.computeIfAbsent(jobClass, JobDefinition::of);
		Object[] values = (args != null) ? args : new Object[0];
		Method method = definition.performMethod(values.length)
			.orElseThrow(() -> new IllegalArgumentException(definition.describeMismatch(values.length)
					+ spreadListHint(definition, values.length) + "; nothing was enqueued"));
		List<Object> json = this.codec.toJsonValues(definition.name(), values);
		try {
			this.binder.bind(definition.name(), definition.type(), method, json);
		}
		catch (ArgumentBindingException ex) {
			throw new IllegalArgumentException(ex.getMessage() + "; nothing was enqueued", ex);
		}
		return new Job(definition.name(), definition.queue(), json);
	}

	/**
	 * For a list's elements given as separate arguments (an array passed alone to a varargs enqueue is spread so):
	 * a perform that takes one list or array wants it as its one argument.
	 */
	private static String spreadListHint(JobDefinition definition, int argumentCount) {
		if (argumentCount < 2) {
			return "";
		}
		return definition.performMethod(1)
			.filter((method) -> method.getParameterCount() == 1 && !method.isVarArgs())
			.filter((method) -> Collection.class.isAssignableFrom(method.getParameterTypes()[0])
					|| method.getParameterTypes()[0].isArray())
			.map((method) -> "; " + JobDefinition.signature(method) + " takes the whole list as one argument: pass "
					+ "a List (an array passed alone is spread into separate arguments)")
			.orElse("");
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
