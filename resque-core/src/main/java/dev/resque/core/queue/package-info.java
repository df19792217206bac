/**
 * Value types read back from Redis: failed jobs, workers, what they work on, stats.
 */
@NullMarked
package dev.resque.core.queue;

import org.jspecify.annotations.NullMarked;
