package dev.resque.core.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.worker.JobRegistry.RegisteredJob;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Runs a job: finds its registered bean, binds the JSON arguments to a {@code perform} method by position with
 * Jackson and calls it. A method taking as many parameters as there are arguments is preferred; then a varargs
 * method; then one that reads the raw arguments ({@code List<Object>} or a Jackson tree).
 */
public final class JobInvoker {

	/** The decoded scalar types, with the primitive each can be passed to. */
	private static final Map<Class<?>, Class<?>> PRIMITIVES = Map.of(String.class, String.class, Integer.class,
			int.class, Long.class, long.class, Double.class, double.class, Boolean.class, boolean.class);

	private final JobRegistry registry;

	private final JobCodec codec;

	public JobInvoker(JobRegistry registry, JobCodec codec) {
		this.registry = registry;
		this.codec = codec;
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
		BoundCall call = bind(definition, job, job.args());
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

	private BoundCall bind(JobDefinition definition, Job job, List<Object> args) {
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
				return new BoundCall(method, arguments(method, job, args));
			}
			catch (JobArgumentsException ex) {
				if (firstFailure == null) {
					firstFailure = ex;
				}
			}
		}
		if (firstFailure != null) {
			throw firstFailure;
		}
		throw new JobArgumentsException("Job " + definition.name() + " takes " + definition.describePerformMethods()
				+ " but was given " + args.size() + " argument(s): " + this.codec.write(args), null);
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

	private Object[] arguments(Method method, Job job, List<Object> args) {
		JsonMapper mapper = this.codec.mapper();
		Type[] types = method.getGenericParameterTypes();
		if (JobDefinition.takesRawArguments(method) && (args.size() != 1 || rawListOfObjects(method))) {
			Class<?> parameter = method.getParameterTypes()[0];
			return new Object[] { JsonNode.class.isAssignableFrom(parameter) ? this.codec.argsTree(job) : args };
		}
		Object[] values = new Object[types.length];
		int fixed = method.isVarArgs() ? types.length - 1 : types.length;
		for (int i = 0; i < fixed; i++) {
			values[i] = convert(mapper, job, method, i, args.get(i), types[i]);
		}
		if (method.isVarArgs()) {
			values[fixed] = convert(mapper, job, method, fixed, args.subList(fixed, args.size()), types[fixed]);
		}
		return values;
	}

	private static boolean rawListOfObjects(Method method) {
		Type type = method.getGenericParameterTypes()[0];
		return type.getTypeName().equals("java.util.List<java.lang.Object>") || type.equals(List.class);
	}

	private @Nullable Object convert(JsonMapper mapper, Job job, Method method, int index, @Nullable Object value,
			Type parameterType) {
		if (value != null && passesAsIs(value, parameterType)) {
			return value;
		}
		JavaType type = mapper.constructType(parameterType);
		String parameter = method.getParameters()[index].getName();
		if (value == null && type.isPrimitive()) {
			throw new JobArgumentsException("Job " + job.name() + ": argument " + (index + 1) + " is null but parameter "
					+ parameter + " is a " + type.getRawClass().getSimpleName(), null);
		}
		try {
			// null as a JSON null, so that an Optional parameter gets Optional.empty()
			return mapper.convertValue((value != null) ? value : NullNode.getInstance(), type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String message = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			throw new JobArgumentsException("Job " + job.name() + ": argument " + (index + 1) + " ("
					+ this.codec.write(value) + ") cannot be bound to parameter " + parameter + " of type "
					+ type.toCanonical() + ": " + message, ex);
		}
	}

	/**
	 * Whether a decoded argument already is what the parameter takes (a string for a {@code String}, an integer
	 * for an {@code int}...), so Jackson need not convert it.
	 */
	private static boolean passesAsIs(Object value, Type parameterType) {
		if (parameterType == Object.class) {
			return true;
		}
		if (!(parameterType instanceof Class<?> type)) {
			return false;
		}
		Class<?> valueType = value.getClass();
		return (type == valueType || type == PRIMITIVES.get(valueType)) && PRIMITIVES.containsKey(valueType);
	}

	private record BoundCall(Method method, Object[] arguments) {
	}

}
