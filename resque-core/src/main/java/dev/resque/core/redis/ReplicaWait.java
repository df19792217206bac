package dev.resque.core.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How many replicas must hold a new job before its enqueue returns, and how long to wait for them. Redis replicates
 * asynchronously: a master that dies before passing a write on takes it along, and the replica promoted in its place
 * never saw the job. With replicas to wait for, an enqueue is followed by {@code WAIT}, so a job the caller was told
 * is enqueued is on that many replicas as well, and a failover that promotes one of them cannot lose it.
 *
 * @param replicas how many replicas must acknowledge, 0 for none (the master's reply is enough)
 * @param timeout how long to wait for them; an enqueue they did not acknowledge in time raises
 * {@link ResqueReplicationException} (the job is on the master, and may yet reach them)
 */
public record ReplicaWait(int replicas, Duration timeout) {

	public static final ReplicaWait NONE = new ReplicaWait(0, Duration.ofSeconds(1));

	public ReplicaWait {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			// WAIT's 0 means forever: a replica that is gone would stop every enqueue
			throw new IllegalArgumentException("the replica timeout must be positive, not " + timeout);
		}
	}

	public boolean enabled() {
		return this.replicas > 0;
	}

	byte[] replicasArgument() {
		return Integer.toString(this.replicas).getBytes(StandardCharsets.US_ASCII);
	}

	byte[] timeoutArgument() {
		return Long.toString(Math.max(1, this.timeout.toMillis())).getBytes(StandardCharsets.US_ASCII);
	}

	void check(String action, @Nullable Object acknowledged) {
		long count = (acknowledged instanceof Number number) ? number.longValue() : -1;
		if (count < this.replicas) {
			throw new ResqueReplicationException("Cannot " + action + " durably: " + Math.max(count, 0) + " of "
					+ this.replicas + " replica(s) acknowledged it within " + this.timeout
					+ "; it is on the master, and a failover before it reaches a replica would lose it");
		}
	}

}
