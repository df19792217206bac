package dev.resque.core.codec;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A worker's ping as node-resque and this library write it: {@code {"time":<secs>,"name":..,"queues":..}}.
 *
 * @param time when the worker last said it was alive
 * @param name the worker's name, when the record carries one
 * @param queues its queues as registered ({@code q1,q2}), empty when the record does not say
 */
public record PingRecord(Instant time, @Nullable String name, String queues) {
}
