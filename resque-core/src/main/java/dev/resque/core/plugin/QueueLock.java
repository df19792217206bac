package dev.resque.core.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An identical job (same name, queue and arguments) is not enqueued again while one is waiting in the queue; the
 * lock (node-resque's {@code lock:<job>:<queue>:<args>}) is released when the job starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface QueueLock {

	/** How long the lock lasts at most, such as {@code "1h"}. */
	String lockTimeout() default "1h";

}
