/**
 * The wire format in one place: job payloads, failed, working-on and ping records as bytes and JSON, dates, and
 * the node and Ruby dialects.
 */
@NullMarked
package dev.resque.core.codec;

import org.jspecify.annotations.NullMarked;
