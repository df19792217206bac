/**
 * The admin API: {@link dev.resque.core.admin.ResqueAdmin} and its views over queues, delayed jobs, failures,
 * workers and locks, with the counters and the scheduler's leader. What dashboards, endpoints, metrics and health
 * read. Uses {@code enqueue} (a retried or enqueued-now job goes through the one pipeline), {@code codec},
 * {@code redis}, {@code queue} and {@code job}.
 */
@NullMarked
package dev.resque.core.admin;

import org.jspecify.annotations.NullMarked;
