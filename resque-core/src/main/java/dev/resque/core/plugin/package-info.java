/**
 * Plugins and their four hooks; the built-ins (job lock, queue lock, delay-queue lock, retry) keep node-resque's
 * and resque-retry's keys.
 */
@NullMarked
package dev.resque.core.plugin;

import org.jspecify.annotations.NullMarked;
