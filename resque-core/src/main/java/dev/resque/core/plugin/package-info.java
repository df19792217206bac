/**
 * Plugins: the API ({@link dev.resque.core.plugin.ResquePlugin} and its four hooks, their contexts, the
 * annotations of the built-ins, {@link dev.resque.core.plugin.DelayedJobs}) and {@link dev.resque.core.plugin.JobPlugins},
 * which resolves the plugins of each job. The built-ins themselves (job lock, queue lock, delay-queue lock, retry)
 * are package-private; they keep node-resque's and resque-retry's keys. Uses {@code job}, {@code codec} and
 * {@code redis}.
 */
@NullMarked
package dev.resque.core.plugin;

import org.jspecify.annotations.NullMarked;
