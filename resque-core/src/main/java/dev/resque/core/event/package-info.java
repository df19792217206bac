/**
 * Events of jobs, workers and the scheduler, and the listener interfaces that receive them.
 */
@NullMarked
package dev.resque.core.event;

import org.jspecify.annotations.NullMarked;
