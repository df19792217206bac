/**
 * The elected scheduler and its supervised duties: leadership, delayed jobs, dead workers and recurring jobs.
 */
@NullMarked
package dev.resque.core.scheduler;

import org.jspecify.annotations.NullMarked;
