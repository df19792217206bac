/**
 * The template: enqueueing jobs, now or later, and the admin API over queues, delayed jobs, failures, workers and stats.
 */
@NullMarked
package dev.resque.core;

import org.jspecify.annotations.NullMarked;
