package dev.resque.core.job;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import dev.resque.core.plugin.ResquePlugin;

/**
 * What a {@link ResqueJob} class declares: its name, its queue and its {@code perform} methods. The typed
 * enqueue methods use it to check a job before anything is sent; workers use it to find what to call.
 *
 * @param type the job class (the user class, not a proxy)
 * @param name the job name written as the payload's {@code "class"}
 * @param queue the queue typed enqueues use
 * @param performMethods the public methods named {@code perform}
 * @param cron the cron expression it recurs on, empty for none
 * @param zone the cron expression's time zone, empty for UTC
 * @param plugins the plugins its {@code @ResqueJob} lists
 */
public record JobDefinition(Class<?> type, String name, String queue, List<Method> performMethods, String cron,
		String zone, List<Class<? extends ResquePlugin>> plugins) {

	private static final String JSON_TREE = "tools.jackson.databind.JsonNode";


	/**
	 * Reads the definition of a job class.
	 * @throws IllegalArgumentException when the class is not a {@code @ResqueJob} or has no public {@code perform}
	 */
	public static JobDefinition of(Class<?> jobClass) {
		Class<?> type = ClassUtils.getUserClass(jobClass);
		ResqueJob annotation = AnnotatedElementUtils.findMergedAnnotation(type, ResqueJob.class);
		if (annotation == null) {
			throw new IllegalArgumentException(type.getName() + " is not a job: annotate it with @ResqueJob");
		}
		List<Method> performs = Arrays.stream(type.getMethods())
			.filter((method) -> method.getName().equals("perform"))
			.filter((method) -> !Modifier.isStatic(method.getModifiers()))
			.toList();
		if (performs.isEmpty()) {
			throw new IllegalArgumentException(
					"Job " + type.getName() + " has no public perform method; declare one such as perform(String id)");
		}
		String name = annotation.name().isBlank() ? type.getSimpleName() : annotation.name();
		if (annotation.queue().isBlank()) {
			throw new IllegalArgumentException("Job " + type.getName() + " has a blank queue in @ResqueJob");
		}
		return new JobDefinition(type, name, annotation.queue(), performs, annotation.cron(), annotation.zone(),
				List.of(annotation.plugins()));
	}

	/**
	 * Whether some {@code perform} method can take this many arguments: its arity matches, it is varargs, or it
	 * reads the raw argument list.
	 */
	public boolean accepts(int argumentCount) {
		for (Method method : this.performMethods) {
			int parameters = method.getParameterCount();
			if (parameters == argumentCount || (method.isVarArgs() && argumentCount >= parameters - 1)
					|| takesRawArguments(method)) {
				return true;
			}
		}
		return false;
	}

	/** A perform method with one {@code List} or Jackson tree parameter reads the arguments as they are. */
	public static boolean takesRawArguments(Method method) {
		if (method.getParameterCount() != 1) {
			return false;
		}
		Class<?> parameter = method.getParameterTypes()[0];
		return List.class.equals(parameter) || isJsonTree(parameter);
	}

	/** Jackson's tree types, recognised by name: Jackson is the codec's business, not the job model's. */
	private static boolean isJsonTree(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			if (candidate.getName().equals(JSON_TREE)) {
				return true;
			}
		}
		return false;
	}

	public String describePerformMethods() {
		return this.performMethods.stream()
			.map((method) -> "perform(" + String.join(", ",
					Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")")
			.toList()
			.toString();
	}

}
