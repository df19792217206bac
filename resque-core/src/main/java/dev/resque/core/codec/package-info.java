/**
 * The wire format in one place: job payloads, failed, working-on and ping records as bytes and JSON, dates, and
 * the node and Ruby dialects. {@link dev.resque.core.codec.JobCodec} is the entry point; behind it each record has
 * a class of its own, on one JSON writer and one reader. {@link dev.resque.core.codec.ArgumentBinder} binds decoded
 * arguments to a job's {@code perform} parameters. JSON is mapped with Jackson only inside this package, and no
 * public signature here takes or returns a Jackson type.
 */
@NullMarked
package dev.resque.core.codec;

import org.jspecify.annotations.NullMarked;
