package dev.resque.core.worker;

import java.nio.charset.StandardCharsets;

/**
 * How a job ended, as the take script records it (its word in {@code work.lua}) and as meters tag it.
 */
enum JobOutcome {

	/** Performed without an exception: counted as processed. */
	SUCCESS("ok", "success"),

	/** Failed for good: counted as failed and written to the failed queue. */
	FAILURE("failed", "failure"),

	/** Failed and scheduled to run again: counted as failed, kept out of the failed queue. */
	RETRIED("retried", "retried"),

	/** Stopped by a plugin before it ran: not counted. */
	DROPPED("dropped", "dropped"),

	/** Cancelled while it ran: counted as cancelled, neither processed nor failed. */
	CANCELLED("cancelled", "cancelled");

	private final byte[] wire;

	private final String tag;

	JobOutcome(String wire, String tag) {
		this.wire = wire.getBytes(StandardCharsets.US_ASCII);
		this.tag = tag;
	}

	/** The word the take script matches on. */
	byte[] wire() {
		return this.wire;
	}

	/** The {@code outcome} tag of the {@code resque.job.process} observation. */
	String tag() {
		return this.tag;
	}

}
