package dev.resque.benchmark;

import java.net.URI;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What to run, from the command line.
 *
 * @param redis the server to use; {@code null} to start a private one
 * @param workload one of {@link Workloads#names()}
 * @param jobs jobs per run
 * @param workers worker threads (drain and latency)
 * @param warmups how many unmeasured runs come first, so that measured runs see compiled code rather than the
 * interpreter (a worker is a long-running process); the node-resque side takes the same option
 * @param runs how many measured runs, each in a fresh namespace
 * @param rate jobs enqueued per second (latency)
 * @param redisStats whether to read the server's command counters and CPU around the measured phase (drain);
 * off by default, since on a server that others use their commands would be counted too
 * @param client the Redis client under Spring Data Redis: {@code lettuce} (Spring Boot's default) or {@code jedis}
 * @param threads the worker threads (drain and latency): {@code platform} or {@code virtual} (Java 21 or later)
 * @param waitReplicas how many replicas each enqueue waits for ({@code resque.replication.wait-for-replicas}), 0
 * for none; the server given with {@code --redis} must have them
 * @param shards how many private servers the queues are sharded over (shard-drain), each with its own workers
 * @param queues how many queues a drain's pool takes ({@code *}): the jobs are on the last of them in its order,
 * the others registered and empty; 1 for the pool on the one queue alone
 * @param untracked whether the jobs are enqueued without an id and a status ({@code resque.tracking.enabled=false}):
 * Resque's exact payloads, as the peers write them
 */
record BenchmarkOptions(@Nullable URI redis, String workload, int jobs, int workers, int warmups, int runs, int rate,
		boolean redisStats, String client, String threads, int waitReplicas, int shards, int queues, boolean untracked) {

	static final String USAGE = """
			usage: java -jar resque-benchmarks.jar [--redis redis://host:port[/db]] --workload W [--jobs N]
			           [--workers K] [--warmup W] [--runs R] [--rate PER_SECOND] [--redis-stats]
			           [--client lettuce|jedis] [--threads platform|virtual] [--wait-replicas N] [--shards N]
			           [--queues N] [--untracked]
			  workloads: enqueue, enqueue-batch, drain, latency, delayed, shard-drain
			  shard-drain starts --shards private servers, one queue on each, and --workers threads per shard
			  without --redis a private redis-server is started (from the PATH, else an embedded binary)
			  codec micro-benchmark: java -cp resque-benchmarks.jar org.openjdk.jmh.Main CodecBenchmark""";

	static BenchmarkOptions parse(String... args) {
		URI redis = null;
		String workload = null;
		int jobs = 20_000;
		int workers = 1;
		int warmups = 1;
		int runs = 3;
		int rate = 200;
		boolean redisStats = false;
		String client = "lettuce";
		String threads = "platform";
		int waitReplicas = 0;
		int shards = 1;
		int queues = 1;
		boolean untracked = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--redis" -> redis = URI.create(value(args, ++i, arg));
				case "--workload" -> workload = value(args, ++i, arg);
				case "--jobs" -> jobs = positive(args, ++i, arg);
				case "--workers" -> workers = positive(args, ++i, arg);
				case "--warmup" -> warmups = nonNegative(args, ++i, arg);
				case "--runs" -> runs = positive(args, ++i, arg);
				case "--rate" -> rate = positive(args, ++i, arg);
				case "--redis-stats" -> redisStats = true;
				case "--client" -> client = value(args, ++i, arg);
				case "--threads" -> threads = value(args, ++i, arg);
				case "--wait-replicas" -> waitReplicas = nonNegative(args, ++i, arg);
				case "--shards" -> shards = positive(args, ++i, arg);
				case "--queues" -> queues = positive(args, ++i, arg);
				case "--untracked" -> untracked = true;
				default -> throw new IllegalArgumentException("Unknown option " + arg);
			}
		}
		if (workload == null) {
			throw new IllegalArgumentException("--workload is required");
		}
		if (!Workloads.names().contains(workload)) {
			throw new IllegalArgumentException("Unknown workload " + workload + "; one of " + Workloads.names());
		}
		if (!client.equals("lettuce") && !client.equals("jedis")) {
			throw new IllegalArgumentException("Unknown client " + client + "; lettuce or jedis");
		}
		if (!threads.equals("platform") && !threads.equals("virtual")) {
			throw new IllegalArgumentException("Unknown threads " + threads + "; platform or virtual");
		}
		return new BenchmarkOptions(redis, workload, jobs, workers, warmups, runs, rate, redisStats, client, threads, waitReplicas, shards, queues,
				untracked);
	}

	/** The parameters that identify a result line, in the order they are printed. */
	List<String> labels() {
		boolean usesWorkers = this.workload.equals("drain") || this.workload.equals("latency")
				|| this.workload.equals("shard-drain");
		List<String> labels = new ArrayList<>(List.of("workload=" + this.workload, "jobs=" + this.jobs));
		if (usesWorkers) {
			labels.add("workers=" + this.workers);
			if (!this.threads.equals("platform")) {
				labels.add("threads=" + this.threads);
			}
		}
		if (!this.client.equals("lettuce")) {
			labels.add("client=" + this.client);
		}
		if (this.waitReplicas > 0) {
			labels.add("wait-replicas=" + this.waitReplicas);
		}
		if (this.queues > 1) {
			labels.add("queues=" + this.queues);
		}
		if (this.untracked) {
			labels.add("tracking=off");
		}
		if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1")) {
			// a JVM that compiles with C1 alone, as a short-lived worker may be run
			labels.add("jit=c1");
		}
		if (this.warmups == 0) {
			// the first runs of a fresh JVM, told apart from the warm ones
			labels.add("phase=cold");
		}
		if (this.workload.equals("shard-drain")) {
			labels.add("shards=" + this.shards);
		}
		return labels;
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[index];
	}

	private static int positive(String[] args, int index, String option) {
		return atLeast(1, args, index, option);
	}

	private static int nonNegative(String[] args, int index, String option) {
		return atLeast(0, args, index, option);
	}

	private static int atLeast(int minimum, String[] args, int index, String option) {
		String text = value(args, index, option);
		try {
			int value = Integer.parseInt(text.replace("_", ""));
			if (value < minimum) {
				throw new IllegalArgumentException(option + " must be at least " + minimum + ", not " + text);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " takes a number, not " + text);
		}
	}

}
