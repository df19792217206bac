/**
 * The job model: {@code @ResqueJob}, what a job class declares, and the registrar that finds job beans.
 */
@NullMarked
package dev.resque.core.job;

import org.jspecify.annotations.NullMarked;
