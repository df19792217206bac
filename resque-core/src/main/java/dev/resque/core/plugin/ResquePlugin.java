package dev.resque.core.plugin;

/**
 * Hooks around enqueueing and performing a job, with node-resque's semantics. A plugin is a bean; a job opts in
 * with {@code @ResqueJob(plugins = ...)}, and a plugin annotated {@link GlobalResquePlugin} applies to every job.
 * Global plugins run first (in bean order), then the built-ins a job declares by annotation
 * ({@code @DelayQueueLock}, {@code @QueueLock}, {@code @JobLock}, {@code @Retry}, in that order), then the job's
 * own {@code plugins} in the order listed. The first hook that returns {@code false} stops the rest.
 */
public interface ResquePlugin {

	/**
	 * Before a job is put on its queue (by {@code enqueue}, or by the scheduler moving a due delayed job; not by
	 * {@code enqueueAt}, as in node-resque).
	 * @return {@code false} to not enqueue it: {@code enqueue} then returns {@code false}
	 */
	default boolean beforeEnqueue(EnqueueContext context) {
		return true;
	}

	/** After a job was put on its queue. */
	default void afterEnqueue(EnqueueContext context) {
	}

	/**
	 * Before a worker performs a job.
	 * @return {@code false} to drop the job: it is not performed, counted or recorded as failed (re-enqueue it
	 * yourself if it should run later)
	 */
	default boolean beforePerform(PerformContext context) {
		return true;
	}

	/**
	 * After a job was performed, whether it succeeded or failed ({@link PerformContext#failure()}); it runs for
	 * each plugin whose {@code beforePerform} let the job through. It may clear the failure, schedule a retry,
	 * or throw to make the job fail.
	 */
	default void afterPerform(PerformContext context) {
	}

}
