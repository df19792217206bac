/**
 * Batches: jobs enqueued together with callbacks that run once, when every member has ended
 * ({@code onComplete}) or succeeded ({@code onSuccess}), whichever instance finishes the last one.
 */
@NullMarked
package dev.resque.core.batch;

import org.jspecify.annotations.NullMarked;
