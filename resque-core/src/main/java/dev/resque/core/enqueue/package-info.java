/**
 * How a job reaches its queue: {@link dev.resque.core.enqueue.EnqueuePipeline}, the one sequence of plugin hooks,
 * trace, script, listener and observation that every path runs, with its senders and the schedule of delayed jobs.
 * Uses {@code plugin}, {@code event}, {@code observation}, {@code codec}, {@code redis} and {@code job}.
 */
@NullMarked
package dev.resque.core.enqueue;

import org.jspecify.annotations.NullMarked;
