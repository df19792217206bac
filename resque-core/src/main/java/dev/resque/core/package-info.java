/**
 * What applications inject to enqueue jobs, now, later or in batches: {@link dev.resque.core.ResqueOperations},
 * implemented over Redis by {@link dev.resque.core.ResqueTemplate}. The admin API is in {@code admin}.
 */
@NullMarked
package dev.resque.core;

import org.jspecify.annotations.NullMarked;
