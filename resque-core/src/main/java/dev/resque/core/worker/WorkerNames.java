package dev.resque.core.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker names as node-resque's MultiWorker writes them, {@code host:pid+N}: one colon, so that every Resque
 * implementation splits {@code <name>:<queues>} registrations the same way.
 */
final class WorkerNames {

	private static final AtomicInteger sequence = new AtomicInteger();

	private static final String prefix = host() + ":" + ProcessHandle.current().pid() + "+";

	private WorkerNames() {
	}

	static String next() {
		return prefix + sequence.incrementAndGet();
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
