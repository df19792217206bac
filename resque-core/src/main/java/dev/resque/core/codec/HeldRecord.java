package dev.resque.core.codec;

/**
 * A working-on record in the form this library writes it, cut into its parts without decoding the payload.
 *
 * @param queue the queue the job was taken from
 * @param worker the worker holding it
 * @param payload the job's bytes, exactly as they were on the queue
 */
public record HeldRecord(String queue, String worker, byte[] payload) {
}
