package dev.resque.core.job;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import dev.resque.core.plugin.ResquePlugin;

/**
 * What a {@link ResqueJob} class declares: its name, its queue and its {@code perform} methods. The typed
 * enqueue methods use it to check a job before anything is sent; workers use it to find what to call.
 * <p>
 * Each number of arguments leads to at most one {@code perform} method, since a job's JSON arguments do not say
 * which of two overloads they mean. A method with {@code n} parameters takes {@code n} arguments; a varargs method
 * takes {@code n - 1} or more; a method that reads its raw arguments ({@link #takesRawArguments}) takes any number.
 * A class with two methods that can take the same number of arguments is refused, and so is a static
 * {@code perform}, which a worker calling the job's bean would never run.
 *
 * @param type the job class (the user class, not a proxy)
 * @param name the job name written as the payload's {@code "class"}
 * @param queue the queue typed enqueues use
 * @param performMethods the public methods named {@code perform}, fewest parameters first
 * @param cron the cron expression it recurs on, empty for none
 * @param zone the cron expression's time zone, empty for UTC
 * @param plugins the plugins its {@code @ResqueJob} lists
 * @param timeout how long {@code perform} may run, or {@code null} for the workers' default
 * @param maxConcurrency how many jobs of this name may run at once across instances, 0 for no limit
 */
public record JobDefinition(Class<?> type, String name, String queue, List<Method> performMethods, String cron,
		String zone, List<Class<? extends ResquePlugin>> plugins, @Nullable Duration timeout, int maxConcurrency) {

	private static final List<String> JSON_TREES = List.of("tools.jackson.databind.JsonNode",
			"tools.jackson.databind.node.ArrayNode");

	/**
	 * @throws IllegalArgumentException when there is no {@code perform} method, one is static, or two can take the
	 * same number of arguments
	 */
	public JobDefinition {
		if (performMethods.isEmpty()) {
			throw new IllegalArgumentException("Job " + type.getName() + " has no perform method");
		}
		List<Method> sorted = new ArrayList<>(performMethods);
		sorted.sort(Comparator.comparingInt(Method::getParameterCount).thenComparing(JobDefinition::signature));
		for (Method method : sorted) {
			if (Modifier.isStatic(method.getModifiers())) {
				throw new IllegalArgumentException("Job " + type.getName() + " declares " + signature(method)
						+ " static; a worker calls perform on the job's bean, so make it an instance method");
			}
		}
		List<String> clashes = clashes(sorted);
		if (!clashes.isEmpty()) {
			throw new IllegalArgumentException("Job " + type.getName()
					+ " has perform methods that take the same number of arguments: " + String.join("; ", clashes)
					+ ". A job's JSON arguments do not say which one to call; declare one perform per number of "
					+ "arguments (a varargs perform, or one taking List<Object> or JsonNode, counts for every number "
					+ "it can take): rename or merge the others");
		}
		performMethods = List.copyOf(sorted);
		plugins = List.copyOf(plugins);
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("Job " + type.getName() + " has a timeout of " + timeout
					+ "; give it a positive duration such as \"30s\", or none");
		}
		if (maxConcurrency < 0) {
			throw new IllegalArgumentException("Job " + type.getName() + " has a maxConcurrency of " + maxConcurrency
					+ "; give it 1 or more, or 0 for no limit");
		}
	}

	/**
	 * Reads the definition of a job class.
	 * @throws IllegalArgumentException when the class is not a {@code @ResqueJob}, has a blank queue, has no
	 * public {@code perform} method, has a static one, or has two that can take the same number of arguments
	 */
	public static JobDefinition of(Class<?> jobClass) {
		Class<?> type = ClassUtils.getUserClass(jobClass);
		ResqueJob annotation = AnnotatedElementUtils.findMergedAnnotation(type, ResqueJob.class);
		if (annotation == null) {
			throw new IllegalArgumentException(type.getName() + " is not a job: annotate it with @ResqueJob");
		}
		// bridge methods (a generic interface's perform(Object) beside perform(Invoice)) are the compiler's, not
		// overloads of the job's own
		List<Method> performs = Arrays.stream(type.getMethods())
			.filter((method) -> method.getName().equals("perform"))
			.filter((method) -> !method.isBridge() && !method.isSynthetic())
			.toList();
		if (performs.isEmpty()) {
			throw new IllegalArgumentException("Job " + type.getName() + " has no public perform method; "
					+ nonPublicPerform(type).map((method) -> signature(method) + " is not public: make it public")
						.orElse("declare one such as perform(String id)"));
		}
		String name = annotation.name().isBlank() ? type.getSimpleName() : annotation.name();
		if (annotation.queue().isBlank()) {
			throw new IllegalArgumentException("Job " + type.getName() + " has a blank queue in @ResqueJob");
		}
		Duration timeout = annotation.timeout().isBlank() ? null
				: Durations.parse(annotation.timeout(), "Job " + type.getName() + " @ResqueJob(timeout)");
		return new JobDefinition(type, name, annotation.queue(), performs, annotation.cron(), annotation.zone(),
				List.of(annotation.plugins()), timeout, annotation.maxConcurrency());
	}

	/** Whether a {@code perform} method can take this many arguments. */
	public boolean accepts(int argumentCount) {
		return performMethod(argumentCount).isPresent();
	}

	/** The one {@code perform} method that takes this many arguments, if any. */
	public Optional<Method> performMethod(int argumentCount) {
		return this.performMethods.stream()
			.filter((method) -> minArguments(method) <= argumentCount && argumentCount <= maxArguments(method))
			.findFirst();
	}

	/**
	 * Whether a perform method reads the arguments as they are: its one parameter is a {@code List} of
	 * {@code Object} (raw, {@code List<Object>} or {@code List<?>}), a Jackson {@code JsonNode} or
	 * {@code ArrayNode}, and gets all the arguments, however many, as one list or one array. Any other single
	 * parameter, {@code List<Invoice>} for instance, is an ordinary one: it takes one argument, a list.
	 */
	public static boolean takesRawArguments(Method method) {
		if (method.getParameterCount() != 1 || method.isVarArgs()) {
			return false;
		}
		Class<?> parameter = method.getParameterTypes()[0];
		if (List.class.equals(parameter)) {
			Type generic = method.getGenericParameterTypes()[0];
			return !(generic instanceof ParameterizedType list) || isObject(list.getActualTypeArguments()[0]);
		}
		return JSON_TREES.contains(parameter.getName());
	}

	/**
	 * Why this many arguments fit no {@code perform} method, such as
	 * {@code Job add takes [perform(int, int)] but was given 3 argument(s)}.
	 */
	public String describeMismatch(int argumentCount) {
		return "Job " + this.name + " takes " + describePerformMethods() + " but was given " + argumentCount
				+ " argument(s)";
	}

	/** The {@code perform} methods as a list of signatures, such as {@code [perform(List<Invoice>)]}. */
	public String describePerformMethods() {
		return this.performMethods.stream().map(JobDefinition::signature).toList().toString();
	}

	/**
	 * A perform method as its declaration reads, with simple type names: {@code perform(String, int...)},
	 * {@code perform(Map<String, Money>)}.
	 */
	public static String signature(Method method) {
		Type[] types = method.getGenericParameterTypes();
		List<String> parameters = new ArrayList<>(types.length);
		for (int i = 0; i < types.length; i++) {
			String parameter = typeName(types[i]);
			if (method.isVarArgs() && i == types.length - 1) {
				parameter = parameter.substring(0, parameter.length() - 2) + "...";
			}
			parameters.add(parameter);
		}
		return method.getName() + "(" + String.join(", ", parameters) + ")";
	}

	/** Each pair of methods that can take the same number of arguments, with the fewest they both take. */
	private static List<String> clashes(List<Method> methods) {
		List<String> clashes = new ArrayList<>();
		for (int i = 0; i < methods.size(); i++) {
			for (int j = i + 1; j < methods.size(); j++) {
				Method one = methods.get(i);
				Method other = methods.get(j);
				int fewest = Math.max(minArguments(one), minArguments(other));
				if (fewest <= Math.min(maxArguments(one), maxArguments(other))) {
					clashes.add(signature(one) + " and " + signature(other) + " both take " + fewest
							+ ((fewest == 1) ? " argument" : " arguments"));
				}
			}
		}
		return clashes;
	}

	private static int minArguments(Method method) {
		if (takesRawArguments(method)) {
			return 0;
		}
		return method.isVarArgs() ? method.getParameterCount() - 1 : method.getParameterCount();
	}

	private static int maxArguments(Method method) {
		return (takesRawArguments(method) || method.isVarArgs()) ? Integer.MAX_VALUE : method.getParameterCount();
	}

	private static boolean isObject(Type type) {
		if (type instanceof WildcardType wildcard) {
			return wildcard.getLowerBounds().length == 0
					&& Arrays.equals(wildcard.getUpperBounds(), new Type[] { Object.class });
		}
		return Object.class.equals(type);
	}

	/** A perform method the class or a superclass declares without making it public, for the message. */
	private static Optional<Method> nonPublicPerform(Class<?> type) {
		for (Class<?> candidate = type; candidate != null && candidate != Object.class;
				candidate = candidate.getSuperclass()) {
			Optional<Method> found = Arrays.stream(candidate.getDeclaredMethods())
				.filter((method) -> method.getName().equals("perform") && !method.isSynthetic())
				.findFirst();
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	private static String typeName(Type type) {
		if (type instanceof Class<?> plain) {
			return plain.getSimpleName();
		}
		if (type instanceof ParameterizedType parameterized) {
			return typeName(parameterized.getRawType()) + Arrays.stream(parameterized.getActualTypeArguments())
				.map(JobDefinition::typeName)
				.collect(Collectors.joining(", ", "<", ">"));
		}
		if (type instanceof GenericArrayType array) {
			return typeName(array.getGenericComponentType()) + "[]";
		}
		if (type instanceof WildcardType wildcard) {
			if (wildcard.getLowerBounds().length > 0) {
				return "? super " + typeName(wildcard.getLowerBounds()[0]);
			}
			return isObject(wildcard) ? "?" : "? extends " + typeName(wildcard.getUpperBounds()[0]);
		}
		return (type instanceof TypeVariable<?> variable) ? variable.getName() : type.getTypeName();
	}

}
