package dev.resque.core.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A failed job runs again after a delay, up to {@link #limit()} more times; only the last failure reaches the
 * failed queue. Each retry logs one line at WARN (job, queue, the failure's message, retry n of limit, delay).
 * Attempts are counted under resque-retry's key, {@code resque-retry:<job>:<args>}.
 *
 * <pre class="code">
 * &#64;Retry(limit = 5, backoff = {"10s", "1m", "10m"})
 * &#64;Retry(limit = 8, delay = "2s", exponential = true, jitter = 0.2, giveUpOn = IllegalArgumentException.class)
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Retry {

	/** How many times a failed job runs again (so at most {@code limit + 1} attempts). */
	int limit() default 3;

	/** Delay before each retry, or the first one when {@link #exponential()}. */
	String delay() default "5s";

	/** Delays before the first, second, ... retry; the last one repeats. Takes precedence over {@link #delay()}. */
	String[] backoff() default {};

	/** Whether the delay doubles with each retry, from {@link #delay()} up to {@link #maxDelay()}. */
	boolean exponential() default false;

	/** Upper bound of exponential delays. */
	String maxDelay() default "1h";

	/** Random spread of each delay, as a fraction of it (0.2 = ±20%), so retries of many jobs do not bunch up. */
	double jitter() default 0;

	/**
	 * Retry only failures of these types (and their subtypes); all when empty. A job that cannot run as it is
	 * ({@code UnrunnableJobException}: its arguments do not bind, or its name is not registered) is never retried,
	 * whatever this lists: it goes to the failed queue after its first attempt.
	 */
	Class<? extends Throwable>[] retryOn() default {};

	/** Never retry failures of these types (and their subtypes). */
	Class<? extends Throwable>[] giveUpOn() default {};

}
