/**
 * The job model: {@code @ResqueJob}, {@code Job}, what a job class declares, the registry of the application's
 * jobs and the registrar that fills it from job beans, and {@code ResqueException}, the root of the library's
 * exceptions.
 */
@NullMarked
package dev.resque.core.job;

import org.jspecify.annotations.NullMarked;
