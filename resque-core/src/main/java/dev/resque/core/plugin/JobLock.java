package dev.resque.core.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * No two identical jobs (same name, queue and arguments, or the arguments {@link #args()} names) run at once,
 * across all workers and languages (the lock is node-resque's {@code workerslock:<job>:<queue>:<args>}). A copy
 * that finds the lock taken is scheduled again shortly, or dropped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobLock {

	/** How long the lock lasts at most, such as {@code "1h"}: longer than the job ever runs. */
	String lockTimeout() default "1h";

	/** Whether a copy that finds the lock taken runs later ({@code true}) or is dropped. */
	boolean reEnqueue() default true;

	/** How long later a blocked copy runs again. */
	String reEnqueueDelay() default "1s";

	/**
	 * The positions of the arguments that make two jobs the same (0 for the first); all of them when empty, which
	 * keeps node-resque's lock key.
	 */
	int[] args() default {};

}
