package dev.resque.core.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker names, {@code host:pid-incarnation+N}: node-resque's MultiWorker shape ({@code host:pid+N}, one colon, so
 * that every Resque implementation splits {@code <name>:<queues>} registrations the same way) with a random
 * incarnation after the pid. A container restarted with the same hostname is PID 1 again, and two containers may
 * share a hostname: without the incarnation a new worker would take the id of a dead one and overwrite the job it
 * still holds. Ruby reads the pid field as {@code "1-5f3a9c0e".to_i}, which is still the pid.
 */
public final class WorkerNames {

	private static final AtomicInteger sequence = new AtomicInteger();

	private static final String HOST_AND_PID = host() + ":" + ProcessHandle.current().pid();

	private static final String INCARNATION = incarnation();

	private static final String prefix = HOST_AND_PID + "-" + INCARNATION + "+";

	private WorkerNames() {
	}

	static String next() {
		return prefix + sequence.incrementAndGet();
	}

	/** {@code host:pid} of this process, as Resque implementations name their processes. */
	public static String hostAndPid() {
		return HOST_AND_PID;
	}

	/**
	 * {@code host:pid-incarnation} of this process: unique among live processes and among the incarnations of a
	 * restarted one, for names (workers, the scheduler's lock value) that must never be shared.
	 */
	public static String processId() {
		return HOST_AND_PID + "-" + INCARNATION;
	}

	private static String incarnation() {
		byte[] random = new byte[4];
		new SecureRandom().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName().replace(':', '-');
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
