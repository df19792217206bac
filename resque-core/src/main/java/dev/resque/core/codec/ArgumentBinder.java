package dev.resque.core.codec;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.JobDefinition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * Binds a job's decoded arguments to the parameters of a {@code perform} method, by position, with the codec's own
 * Jackson mapper. Besides the codec, this is the one place Jackson is used, so that the worker calling a job never
 * handles Jackson's types (a job may still declare a Jackson tree parameter to read its raw arguments).
 * <p>
 * An argument binds as Jackson, with its default settings, reads the argument's JSON text; so a number arrives as
 * the payload wrote it. A {@code BigDecimal} (also as a record component, a list element...) gets exactly the
 * digits and scale of the text: {@code 42.50} has scale 2, {@code 12345678901234567.89} and {@code 0.1} (from
 * node-resque) are not rounded, {@code 1e+21} is 1E+21. A {@code double} or {@code float} gets the nearest one, bit
 * for bit the double that was enqueued. Where the type does not say ({@code Object}, {@code Number}, the values of
 * a {@code Map<String, Object>}) a fraction is a {@code Double}, as Jackson reads untyped JSON. The raw
 * {@code List<Object>} and tree forms have fractions as {@code Double} too: that is what raw jobs are written
 * against. A job that needs every digit of a number declares a {@code BigDecimal} parameter.
 */
public final class ArgumentBinder {

	/** The decoded scalar types, with the primitive each can be passed to. */
	private static final Map<Class<?>, Class<?>> PRIMITIVES = Map.of(String.class, String.class, Integer.class,
			int.class, Long.class, long.class, Double.class, double.class, Boolean.class, boolean.class,
			BigDecimal.class, BigDecimal.class, BigInteger.class, BigInteger.class);

	private final JobCodec codec;

	private final ArgumentMapping mapping;

	private final Map<Signature, JavaType[]> parameterTypes = new ConcurrentHashMap<>();

	/** A binder mapping values as the given codec does. */
	public ArgumentBinder(JobCodec codec) {
		this.codec = codec;
		this.mapping = codec.arguments();
	}

	/**
	 * The values to call the method with: one argument per parameter, the trailing ones as the varargs array of a
	 * varargs method; or, for a method that reads its raw arguments ({@link JobDefinition#takesRawArguments}), all
	 * of them as one list or one Jackson array, however many there are. Each argument is bound to its parameter's
	 * full type ({@code List<Invoice>}, {@code Map<String, Money>}, a type variable as the job class binds it).
	 * The caller has chosen a method that can take this many arguments.
	 * @param jobName the job's name, for messages
	 * @param jobClass the job's class, which binds the type variables of a generic superclass's method
	 * @throws ArgumentBindingException when an argument does not fit its parameter
	 * @throws JobEncodingException when the method takes a tree and the arguments have no plain JSON form
	 */
	public @Nullable Object[] bind(String jobName, Class<?> jobClass, Method method, List<Object> args) {
		if (JobDefinition.takesRawArguments(method)) {
			List<Object> raw = withDoubles(args);
			return new Object[] { JsonNode.class.isAssignableFrom(method.getParameterTypes()[0])
					? this.mapping.argsTree(jobName, raw) : raw };
		}
		int count = method.getParameterCount();
		@Nullable Object[] values = new Object[count];
		int fixed = method.isVarArgs() ? count - 1 : count;
		for (int i = 0; i < fixed; i++) {
			values[i] = convert(jobName, jobClass, method, i, args.get(i));
		}
		if (method.isVarArgs()) {
			values[fixed] = convert(jobName, jobClass, method, fixed, args.subList(fixed, args.size()));
		}
		return values;
	}

	/** The value as JSON for a message; a message must not fail on what another language's payload holds. */
	public String describe(@Nullable Object value) {
		try {
			return this.codec.write(value);
		}
		catch (JobEncodingException ex) {
			return String.valueOf(value);
		}
	}

	private @Nullable Object convert(String jobName, Class<?> jobClass, Method method, int index,
			@Nullable Object value) {
		JavaType type = this.parameterTypes
			.computeIfAbsent(new Signature(jobClass, method), (signature) -> parameterTypes(jobClass, method))[index];
		if (value != null && passesAsIs(value, type)) {
			return value;
		}
		String parameter = method.getParameters()[index].getName();
		if (value == null && type.isPrimitive()) {
			throw new ArgumentBindingException("Job " + jobName + ": argument " + (index + 1)
					+ " is null but parameter " + parameter + " is a " + type.getRawClass().getSimpleName(), null);
		}
		try {
			return this.mapping.convert(value, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String message = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			throw new ArgumentBindingException("Job " + jobName + ": argument " + (index + 1) + " ("
					+ describe(value) + ") cannot be bound to parameter " + parameter + " of type "
					+ type.toCanonical() + ": " + message, ex);
		}
	}

	/** Every parameter's type, resolved once per job class and method rather than for every job. */
	private JavaType[] parameterTypes(Class<?> jobClass, Method method) {
		JavaType[] types = new JavaType[method.getParameterCount()];
		for (int i = 0; i < types.length; i++) {
			types[i] = this.mapping.parameterType(jobClass, method, i);
		}
		return types;
	}

	/** A perform method as called on one job class (which binds a generic superclass's type variables). */
	private record Signature(Class<?> jobClass, Method method) {
	}

	/**
	 * Whether a decoded argument already is what the parameter takes (a string for a {@code String}, an integer for
	 * an {@code int}...), so Jackson need not convert it.
	 */
	private static boolean passesAsIs(Object value, JavaType parameterType) {
		Class<?> type = parameterType.getRawClass();
		if (type == Object.class) {
			// an untyped fraction is a Double, as everywhere Jackson reads one
			return !JsonValues.anyScalar(value, BigDecimal.class::isInstance);
		}
		Class<?> valueType = value.getClass();
		return (type == valueType || type == PRIMITIVES.get(valueType)) && PRIMITIVES.containsKey(valueType);
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

}
