/**
 * Workers: pools of threads that take, perform and record jobs one script per job, their pings and their
 * supervision.
 */
@NullMarked
package dev.resque.core.worker;

import org.jspecify.annotations.NullMarked;
