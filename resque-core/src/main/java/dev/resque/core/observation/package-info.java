/**
 * Micrometer Observation contexts for enqueueing and processing jobs; the trace context travels in the payload.
 */
@NullMarked
package dev.resque.core.observation;

import org.jspecify.annotations.NullMarked;
