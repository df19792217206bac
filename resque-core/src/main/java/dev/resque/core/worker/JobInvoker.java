package dev.resque.core.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

import dev.resque.core.codec.ArgumentBinder;
import dev.resque.core.codec.ArgumentBindingException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.JobRegistry.RegisteredJob;

/**
 * Runs a job: finds its registered bean, chooses the {@code perform} method its arguments fit and calls it. A method
 * taking as many parameters as there are arguments is preferred; then a varargs method; then one that reads the raw
 * arguments ({@code List<Object>} or a Jackson tree). Binding the JSON arguments to the chosen method's parameters
 * (by position, with Jackson, numbers exactly as the payload wrote them) is the {@link ArgumentBinder}'s work.
 */
public final class JobInvoker {

	private final JobRegistry registry;

	private final ArgumentBinder binder;

	public JobInvoker(JobRegistry registry, JobCodec codec) {
		this.registry = registry;
		this.binder = new ArgumentBinder(codec);
	}

	/**
	 * Performs the job and returns what {@code perform} returned.
	 * @throws UnknownJobException when no job of that name is registered
	 * @throws JobArgumentsException when the arguments bind to no {@code perform} method
	 * @throws Throwable whatever {@code perform} threw
	 */
	public @Nullable Object invoke(Job job) throws Throwable {
		RegisteredJob registered = this.registry.find(job.name())
			.orElseThrow(() -> new UnknownJobException("No job named \"" + job.name() + "\" is registered (known: "
					+ this.registry.names() + "); the job was moved to the failed queue"));
		JobDefinition definition = registered.definition();
		BoundCall call = bind(definition, job);
		Object target = registered.target().get();
		Method method = AopUtils.selectInvocableMethod(call.method(), target.getClass());
		ReflectionUtils.makeAccessible(method);
		try {
			return method.invoke(target, call.arguments());
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/** Whether a job of that name is registered here; names that are not come from payloads and are untrusted. */
	public boolean isRegistered(String jobName) {
		return this.registry.find(jobName).isPresent();
	}

	private BoundCall bind(JobDefinition definition, Job job) {
		List<Object> args = job.args();
		List<Method> candidates = definition.performMethods();
		if (candidates.size() > 1) {
			candidates = new ArrayList<>(candidates);
			candidates.sort(Comparator.comparingInt((Method method) -> rank(method, args.size())));
		}
		JobArgumentsException firstFailure = null;
		for (Method method : candidates) {
			if (rank(method, args.size()) == Integer.MAX_VALUE) {
				continue;
			}
			try {
				return new BoundCall(method, this.binder.bind(job.name(), method, args));
			}
			catch (ArgumentBindingException ex) {
				if (firstFailure == null) {
					firstFailure = new JobArgumentsException(ex.getMessage(), ex.getCause());
				}
			}
		}
		if (firstFailure != null) {
			throw firstFailure;
		}
		throw new JobArgumentsException("Job " + definition.name() + " takes " + definition.describePerformMethods()
				+ " but was given " + args.size() + " argument(s): " + this.binder.describe(args), null);
	}

	/** Lower is better; MAX_VALUE means the method cannot take these arguments. */
	private static int rank(Method method, int argumentCount) {
		if (method.getParameterCount() == argumentCount && !method.isVarArgs()) {
			return 0;
		}
		if (method.isVarArgs() && argumentCount >= method.getParameterCount() - 1) {
			return 1;
		}
		if (JobDefinition.takesRawArguments(method)) {
			return 2;
		}
		return Integer.MAX_VALUE;
	}

	private record BoundCall(Method method, @Nullable Object[] arguments) {
	}

}
