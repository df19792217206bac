package dev.resque.core.worker;

/**
 * A job a worker holds: the queue it came from, its bytes, and its working-on record ({@code foreignRecord} when
 * the record is not in the form this library writes and cannot be cut into queue and payload); {@code attempt} is
 * a tracked job's epoch as this take moved it on, 0 when the job is not tracked.
 */
record TakenJob(String queue, byte[] payload, byte[] record, boolean foreignRecord, long attempt) {

	TakenJob(String queue, byte[] payload, byte[] record, boolean foreignRecord) {
		this(queue, payload, record, foreignRecord, 0);
	}

}
