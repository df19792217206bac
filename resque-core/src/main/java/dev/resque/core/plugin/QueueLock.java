package dev.resque.core.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An identical job (same name, queue and arguments, or the arguments {@link #args()} names) is not enqueued again
 * while one is waiting in the queue; the lock (node-resque's {@code lock:<job>:<queue>:<args>}) is released when
 * the job starts, or later as {@link #until()} says.
 *
 * <pre class="code">
 * &#64;QueueLock(args = 0, until = QueueLock.Until.SUCCEEDED)   // one pending report per customer, until one succeeds
 * public class GenerateReport { public void perform(String customer, String requestId) { ... } }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface QueueLock {

	/** How long the lock lasts at most, such as {@code "1h"}. */
	String lockTimeout() default "1h";

	/**
	 * The positions of the arguments that make two jobs the same (0 for the first); all of them when empty, which
	 * keeps node-resque's lock key.
	 */
	int[] args() default {};

	/** When the lock is released: as the job starts (node-resque's), or once it has run. */
	Until until() default Until.EXECUTING;

	/** When a queue lock is released. */
	enum Until {

		/** When the job starts: one waiting copy at a time, one may wait while another runs. */
		EXECUTING,

		/** When the job has run, whatever its outcome: no copy waits or runs beside it. */
		FINISHED,

		/**
		 * When the job has succeeded: a failed job keeps the lock through its retries (a retry passes its own lock)
		 * until one succeeds or the lock times out.
		 */
		SUCCEEDED

	}

}
