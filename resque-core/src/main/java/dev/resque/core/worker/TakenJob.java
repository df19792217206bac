package dev.resque.core.worker;

/**
 * A job a worker holds: the queue it came from, its bytes, and its working-on record ({@code foreignRecord} when
 * the record is not in the form this library writes and cannot be cut into queue and payload).
 */
record TakenJob(String queue, byte[] payload, byte[] record, boolean foreignRecord) {
}
