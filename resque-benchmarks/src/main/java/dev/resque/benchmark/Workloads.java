package dev.resque.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The workloads by the name the command line uses, shared with the node-resque side. */
final class Workloads {

	private static final Map<String, Workload> workloads = new LinkedHashMap<>();

	static {
		workloads.put("enqueue", new EnqueueWorkload());
		workloads.put("enqueue-batch", new EnqueueBatchWorkload());
		workloads.put("drain", new DrainWorkload());
		workloads.put("latency", new LatencyWorkload());
		workloads.put("delayed", new DelayedWorkload());
		workloads.put("shard-drain", new ShardDrainWorkload());
	}

	private Workloads() {
	}

	static Set<String> names() {
		return workloads.keySet();
	}

	static Workload named(String name) {
		return workloads.get(name);
	}

}
