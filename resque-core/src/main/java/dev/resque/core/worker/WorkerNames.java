package dev.resque.core.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker names as node-resque's MultiWorker writes them, {@code host:pid+N}: one colon, so that every Resque
 * implementation splits {@code <name>:<queues>} registrations the same way.
 */
public final class WorkerNames {

	private static final AtomicInteger sequence = new AtomicInteger();

	private static final String HOST_AND_PID = host() + ":" + ProcessHandle.current().pid();

	private static final String prefix = HOST_AND_PID + "+";

	private WorkerNames() {
	}

	static String next() {
		return prefix + sequence.incrementAndGet();
	}

	/** {@code host:pid} of this process, as Resque implementations name their processes. */
	public static String hostAndPid() {
		return HOST_AND_PID;
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
