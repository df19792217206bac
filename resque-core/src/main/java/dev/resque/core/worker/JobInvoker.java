package dev.resque.core.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

import dev.resque.core.codec.ArgumentBinder;
import dev.resque.core.codec.ArgumentBindingException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobEncodingException;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.JobRegistry.RegisteredJob;

/**
 * Runs a job: finds its registered bean, takes the one {@code perform} method that takes that many arguments (a
 * {@link JobDefinition} has at most one per number of arguments) and calls it. Binding the JSON arguments to its
 * parameters (by position, with Jackson, by their full generic types, numbers exactly as the payload wrote them) is
 * the {@link ArgumentBinder}'s work.
 */
public final class JobInvoker {

	private final JobRegistry registry;

	private final ArgumentBinder binder;

	/** The method to call on each target class (a proxy's own), found once rather than for every job. */
	private final Map<Invocation, Method> invocable = new ConcurrentHashMap<>();

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
		Method method = this.invocable.computeIfAbsent(new Invocation(call.method(), target.getClass()),
				(invocation) -> {
					Method found = AopUtils.selectInvocableMethod(invocation.method(), invocation.targetClass());
					ReflectionUtils.makeAccessible(found);
					return found;
				});
		try {
			return method.invoke(target, call.arguments());
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/** The registered jobs with a concurrency limit, with their limits. */
	Map<String, Integer> jobLimits() {
		Map<String, Integer> limits = new TreeMap<>();
		for (String name : this.registry.names()) {
			this.registry.find(name)
				.filter((registered) -> registered.definition().maxConcurrency() > 0)
				.ifPresent((registered) -> limits.put(name, registered.definition().maxConcurrency()));
		}
		return limits;
	}

	/** The timeout a registered job declares, or {@code null}. */
	@Nullable Duration timeout(String jobName) {
		return this.registry.find(jobName).map((registered) -> registered.definition().timeout()).orElse(null);
	}

	/** Whether a job of that name is registered here; names that are not come from payloads and are untrusted. */
	public boolean isRegistered(String jobName) {
		return this.registry.find(jobName).isPresent();
	}

	private BoundCall bind(JobDefinition definition, Job job) {
		List<Object> args = job.args();
		Method method = definition.performMethod(args.size())
			.orElseThrow(() -> new JobArgumentsException(
					definition.describeMismatch(args.size()) + ": " + this.binder.describe(args), null));
		try {
			return new BoundCall(method, this.binder.bind(job.name(), definition.type(), method, args));
		}
		catch (ArgumentBindingException ex) {
			throw new JobArgumentsException(ex.getMessage(), ex.getCause());
		}
		catch (JobEncodingException ex) {
			throw new JobArgumentsException(ex.getMessage(), ex);
		}
	}

	private record BoundCall(Method method, @Nullable Object[] arguments) {
	}

	/** A perform method called on a target of one class. */
	private record Invocation(Method method, Class<?> targetClass) {
	}

}
