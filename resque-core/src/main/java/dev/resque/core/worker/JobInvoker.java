package dev.resque.core.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JsonValues;
import dev.resque.core.codec.JobEncodingException;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.worker.JobRegistry.RegisteredJob;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a job: finds its registered bean, binds the JSON arguments to a {@code perform} method by position with
 * Jackson and calls it. A method taking as many parameters as there are arguments is preferred; then a varargs
 * method; then one that reads the raw arguments ({@code List<Object>} or a Jackson tree).
 * <p>
 * An argument binds as Jackson, with its default settings, reads the argument's JSON text
 * ({@link JobCodec#convert}): a {@code BigDecimal} parameter gets exactly the digits and scale the payload wrote
 * ({@code 42.50}, {@code 12345678901234567.89}, {@code 0.1} from node-resque), a {@code double} the nearest
 * double (the one enqueued, bit for bit), and a type that does not say ({@code Object}, {@code Number},
 * {@code Map<String, Object>} values) a {@code Double}. The raw {@code List<Object>} and tree forms have fractions
 * as {@code Double} too: that is how Jackson reads untyped JSON, and what raw jobs are written against. A job that
 * needs every digit of a number declares a {@code BigDecimal} parameter.
 */
public final class JobInvoker {

	/** The decoded scalar types, with the primitive each can be passed to. */
	private static final Map<Class<?>, Class<?>> PRIMITIVES = Map.of(String.class, String.class, Integer.class,
			int.class, Long.class, long.class, Double.class, double.class, Boolean.class, boolean.class,
			BigDecimal.class, BigDecimal.class, BigInteger.class, BigInteger.class);

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
				+ " but was given " + args.size() + " argument(s): " + describe(args), null);
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
			List<Object> raw = withDoubles(args);
			return new Object[] { JsonNode.class.isAssignableFrom(parameter)
					? this.codec.argsTree((raw == args) ? job : new Job(job.name(), job.queue(), raw)) : raw };
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
			return this.codec.convert(value, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String message = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			throw new JobArgumentsException("Job " + job.name() + ": argument " + (index + 1) + " ("
					+ describe(value) + ") cannot be bound to parameter " + parameter + " of type "
					+ type.toCanonical() + ": " + message, ex);
		}
	}

	/** The value as JSON for a message; a message must not fail on what another language's payload holds. */
	private String describe(@Nullable Object value) {
		try {
			return this.codec.write(value);
		}
		catch (JobEncodingException ex) {
			return String.valueOf(value);
		}
	}

	/**
	 * The arguments with every exact decimal as a {@code Double}, as Jackson reads an untyped fraction; the list
	 * itself when it has none.
	 */
	@SuppressWarnings("unchecked")
	private static List<Object> withDoubles(List<Object> args) {
		return JsonValues.anyScalar(args, BigDecimal.class::isInstance) ? (List<Object>) doubles(args) : args;
	}

	private static @Nullable Object doubles(@Nullable Object value) {
		if (value instanceof BigDecimal decimal) {
			return decimal.doubleValue();
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((element) -> copy.add(doubles(element)));
			return copy;
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
			map.forEach((key, element) -> copy.put(key, doubles(element)));
			return copy;
		}
		return value;
	}

	/**
	 * Whether a decoded argument already is what the parameter takes (a string for a {@code String}, an integer
	 * for an {@code int}...), so Jackson need not convert it.
	 */
	private static boolean passesAsIs(Object value, Type parameterType) {
		if (parameterType == Object.class) {
			// an untyped fraction is a Double, as everywhere Jackson reads one
			return !JsonValues.anyScalar(value, BigDecimal.class::isInstance);
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
