package dev.resque.core.job;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

import dev.resque.core.plugin.ResquePlugin;

/**
 * Marks a bean as a Resque job. Its public {@code perform} method runs when a worker takes a job whose
 * {@code "class"} is this job's name; the payload's arguments are bound to its parameters by position.
 *
 * <pre class="code">
 * &#64;ResqueJob(queue = "mailers")
 * public class SendWelcomeMail {
 *     public void perform(String email, Locale locale) { ... }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ResqueJob {

	/** Bean name, as for {@link Component#value()}. */
	@AliasFor(annotation = Component.class)
	String value() default "";

	/**
	 * Job name written as the payload's {@code "class"}; defaults to the simple class name. Set it to share a job
	 * with other languages (node-resque jobs are often named like {@code add}).
	 */
	String name() default "";

	/** Queue the typed {@code enqueue} methods put the job on. */
	String queue() default "default";

	/**
	 * Cron expression (Spring's six-field syntax) on which the elected scheduler enqueues this job with no
	 * arguments, for example {@code "0 0 3 * * *"}. Empty for none.
	 */
	String cron() default "";

	/**
	 * Plugins (beans) that run around this job's enqueue and perform, in this order, after the global plugins and
	 * the built-in plugin annotations.
	 */
	Class<? extends ResquePlugin>[] plugins() default {};

	/** Time zone of {@link #cron()}, such as {@code "Europe/London"}; UTC when empty. */
	String zone() default "";

	/**
	 * How long {@code perform} may run, such as {@code "30s"} or {@code "5m"}: past it the job's thread is
	 * interrupted and the job fails with {@code JobTimeoutException}. Empty for the workers' default
	 * ({@code resque.worker.job-timeout}, none unless set).
	 */
	String timeout() default "";

	/**
	 * How many jobs of this name may run at once across all instances (given the same job class), held inside the
	 * take script: at its limit a job stays at the head of its queue. 0 (the default) for no limit.
	 */
	int maxConcurrency() default 0;

}
