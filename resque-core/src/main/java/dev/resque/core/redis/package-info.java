/**
 * The Redis side: the key layout, the Lua scripts (resource files, run with EVALSHA) and connection errors.
 */
@NullMarked
package dev.resque.core.redis;

import org.jspecify.annotations.NullMarked;
