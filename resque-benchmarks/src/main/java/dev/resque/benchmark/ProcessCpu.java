package dev.resque.benchmark;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time this JVM has used, all threads (workers, Redis client I/O, JIT and GC) together. Per job it shows what
 * the client costs, a figure that other load on the machine disturbs far less than throughput.
 */
final class ProcessCpu {

	private ProcessCpu() {
	}

	static long nanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

}
