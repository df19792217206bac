package dev.resque.core.redis;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A write that brings a job in reached the master, but fewer replicas than {@link ReplicaWait} asks for acknowledged
 * it in time. The job is on the master and will most likely run; only a failover before it is replicated would lose
 * it. A caller that must not lose it may enqueue it again (and should then make the job safe to run twice).
 */
public class ResqueReplicationException extends DataAccessResourceFailureException {

	public ResqueReplicationException(String message) {
		super(message);
	}

}
