package dev.resque.benchmark.jesque;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import net.greghaines.jesque.Config;
import net.greghaines.jesque.ConfigBuilder;
import net.greghaines.jesque.Job;
import net.greghaines.jesque.client.Client;
import net.greghaines.jesque.client.ClientImpl;
import net.greghaines.jesque.json.ObjectMapperFactory;
import net.greghaines.jesque.worker.MapBasedJobFactory;
import net.greghaines.jesque.worker.WorkerImpl;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The benchmark's workloads on Jesque, in a process of its own (Jesque is built on Jedis 2 and Jackson 2.8), each
 * run in a fresh namespace, printing the same {@code RESULT} and {@code MEDIAN} lines as the Spring Resque side:
 * <ul>
 * <li>{@code enqueue}: {@code Client.enqueue} one job after the other;</li>
 * <li>{@code drain}: a queue pre-filled with the bytes Jesque writes, then {@code --workers} {@code WorkerImpl}
 * threads (one connection each); time from their start to the start of the last job;</li>
 * <li>{@code latency}: {@code --rate} jobs a second to one idle worker, which looks every 500 ms when idle;</li>
 * <li>{@code delayed}: due jobs in the queue's schedule (a sorted set, where {@code Client.delayedEnqueue} puts
 * them), taken by one worker; time until the last one ran.</li>
 * </ul>
 */
public final class JesqueBenchmark {

	private static final String QUEUE = "bench";

	private static volatile Tracker tracker = new Tracker(0);

	private JesqueBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		List<Map<String, Double>> measured = new ArrayList<>();
		for (int i = 0; i < options.warmups + options.runs; i++) {
			String namespace = "resque-bench-jesque-" + Long.toHexString(System.nanoTime());
			Map<String, Double> result;
			try {
				result = run(options, namespace);
			}
			finally {
				try (Jedis jedis = options.jedis()) {
					for (String key : jedis.keys(namespace + ":*")) {
						jedis.del(key);
					}
				}
			}
			boolean warmup = i < options.warmups;
			System.out.println((warmup ? "WARMUP " : "RESULT ") + options.labels() + format(result));
			if (!warmup) {
				measured.add(result);
			}
		}
		Map<String, Double> median = new LinkedHashMap<>();
		for (String name : measured.get(0).keySet()) {
			double[] values = measured.stream().mapToDouble((result) -> result.get(name)).sorted().toArray();
			median.put(name, (values.length % 2 == 1) ? values[values.length / 2]
					: (values[values.length / 2 - 1] + values[values.length / 2]) / 2);
		}
		System.out.println("MEDIAN " + options.labels() + " runs=" + options.runs + format(median));
		System.exit(0);
	}

	private static Map<String, Double> run(Options options, String namespace) throws Exception {
		Config config = new ConfigBuilder().withHost(options.host).withPort(options.port)
			.withDatabase(options.database).withNamespace(namespace).build();
		return switch (options.workload) {
			case "enqueue" -> enqueue(options, config);
			case "drain" -> drain(options, config, namespace);
			case "latency" -> latency(options, config);
			case "delayed" -> delayed(options, config, namespace);
			default -> throw new IllegalArgumentException("Unknown workload " + options.workload
					+ "; enqueue, drain, latency or delayed");
		};
	}

	private static Map<String, Double> enqueue(Options options, Config config) {
		Client client = new ClientImpl(config);
		try {
			long cpu = processCpu();
			long start = System.nanoTime();
			for (int i = 0; i < options.jobs; i++) {
				client.enqueue(QUEUE, new Job("Noop", i));
			}
			long nanos = System.nanoTime() - start;
			return throughput(options.jobs, nanos, processCpu() - cpu);
		}
		finally {
			client.end();
		}
	}

	private static Map<String, Double> drain(Options options, Config config, String namespace) throws Exception {
		try (Jedis jedis = options.jedis()) {
			Pipeline pipeline = jedis.pipelined();
			pipeline.sadd(namespace + ":queues", QUEUE);
			for (int i = 0; i < options.jobs; i++) {
				pipeline.rpush(namespace + ":queue:" + QUEUE,
						ObjectMapperFactory.get().writeValueAsString(new Job("Noop", i)));
			}
			pipeline.sync();
		}
		Map<String, Double> before = options.redisStats ? RedisStats.read(options) : null;
		Map<String, Double> result = work(options, config, options.workers, options.jobs);
		if (before != null) {
			result.putAll(RedisStats.perJob(before, RedisStats.read(options), options.jobs));
		}
		return result;
	}

	private static Map<String, Double> delayed(Options options, Config config, String namespace) throws Exception {
		long now = System.currentTimeMillis();
		try (Jedis jedis = options.jedis()) {
			Pipeline pipeline = jedis.pipelined();
			pipeline.sadd(namespace + ":queues", QUEUE);
			for (int i = 0; i < options.jobs; i++) {
				// as Client.delayedEnqueue writes them, over 1,000 past seconds
				pipeline.zadd(namespace + ":queue:" + QUEUE, now - 1_000_000 + (i % 1000) * 1000,
						ObjectMapperFactory.get().writeValueAsString(new Job("Noop", i)));
			}
			pipeline.sync();
		}
		return work(options, config, 1, options.jobs);
	}

	/** Starts the workers, waits for the last job, stops them: jobs/s and client CPU per job. */
	private static Map<String, Double> work(Options options, Config config, int workers, int jobs)
			throws InterruptedException {
		tracker = new Tracker(jobs);
		List<WorkerImpl> started = new ArrayList<>();
		long cpu = processCpu();
		long start = System.nanoTime();
		for (int i = 0; i < workers; i++) {
			WorkerImpl worker = new WorkerImpl(config, List.of(QUEUE), new MapBasedJobFactory(
					Map.of("Noop", Noop.class, "Latency", Latency.class)));
			started.add(worker);
			new Thread(worker, "jesque-" + i).start();
		}
		long last = tracker.awaitLast(60 + jobs / 500);
		started.forEach((worker) -> worker.end(false));
		for (WorkerImpl worker : started) {
			worker.join(10_000);
		}
		return throughput(jobs, last - start, processCpu() - cpu);
	}

	private static Map<String, Double> latency(Options options, Config config) throws Exception {
		tracker = new Tracker(options.jobs);
		WorkerImpl worker = new WorkerImpl(config, List.of(QUEUE), new MapBasedJobFactory(
				Map.of("Noop", Noop.class, "Latency", Latency.class)));
		new Thread(worker, "jesque-latency").start();
		Client client = new ClientImpl(config);
		try {
			Thread.sleep(1000);
			long interval = 1_000_000_000L / options.rate;
			long next = System.nanoTime();
			for (int i = 0; i < options.jobs; i++) {
				while (System.nanoTime() < next) {
					Thread.onSpinWait();
				}
				client.enqueue(QUEUE, new Job("Latency", System.nanoTime()));
				next += interval;
			}
			tracker.awaitLast(60 + options.jobs / 50);
		}
		finally {
			client.end();
			worker.end(false);
			worker.join(10_000);
		}
		double[] millis = tracker.waits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("p50_ms", percentile(millis, 0.50));
		result.put("p95_ms", percentile(millis, 0.95));
		result.put("p99_ms", percentile(millis, 0.99));
		result.put("max_ms", millis[millis.length - 1]);
		return result;
	}

	private static double percentile(double[] sorted, double p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

	private static Map<String, Double> throughput(int jobs, long nanos, long cpuNanos) {
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("jobs_per_s", jobs / (nanos / 1e9));
		result.put("seconds", nanos / 1e9);
		result.put("client_cpu_us_per_job", cpuNanos / 1e3 / jobs);
		return result;
	}

	private static long processCpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static String format(Map<String, Double> values) {
		StringBuilder line = new StringBuilder();
		values.forEach((name, value) -> line.append(' ').append(name).append('=')
			.append(name.equals("jobs_per_s") ? String.format(Locale.ROOT, "%.0f", value)
					: String.format(Locale.ROOT, "%.2f", value)));
		return line.toString();
	}

	/** A no-op job: counts its start. */
	public static final class Noop implements Runnable {

		public Noop(Integer index) {
		}

		@Override
		public void run() {
			tracker.completed(0);
		}

	}

	/** Notes how long it waited since it was enqueued. */
	public static final class Latency implements Runnable {

		private final long enqueuedAt;

		public Latency(Long enqueuedAt) {
			this.enqueuedAt = enqueuedAt;
		}

		@Override
		public void run() {
			tracker.completed((System.nanoTime() - this.enqueuedAt) / 1e6);
		}

	}

	/** Counts completions and notes when the last came. */
	static final class Tracker {

		final AtomicInteger remaining;

		final CountDownLatch done = new CountDownLatch(1);

		final ConcurrentLinkedQueue<Double> waits = new ConcurrentLinkedQueue<>();

		volatile long finishedAt;

		Tracker(int expected) {
			this.remaining = new AtomicInteger(expected);
		}

		void completed(double waitMillis) {
			this.waits.add(waitMillis);
			if (this.remaining.decrementAndGet() == 0) {
				this.finishedAt = System.nanoTime();
				this.done.countDown();
			}
		}

		long awaitLast(long seconds) throws InterruptedException {
			if (!this.done.await(seconds, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.remaining.get() + " jobs did not complete within " + seconds + " s");
			}
			return this.finishedAt;
		}

	}

	/** What the server did over a phase, from INFO: as the Spring Resque side reads it. */
	static final class RedisStats {

		static Map<String, Double> read(Options options) {
			try (Jedis jedis = options.jedis()) {
				String info = jedis.info("all");
				double calls = 0;
				double reads = 0;
				double cpu = 0;
				double usec = 0;
				for (String line : info.split("\r\n")) {
					if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
						for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
							String[] pair = field.split("=");
							if (pair[0].equals("calls")) {
								calls += Double.parseDouble(pair[1]);
							}
							else if (pair[0].equals("usec")) {
								usec += Double.parseDouble(pair[1]);
							}
						}
					}
					else if (line.startsWith("total_reads_processed:")) {
						reads = Double.parseDouble(line.substring(line.indexOf(':') + 1));
					}
					else if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
						cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1));
					}
				}
				return Map.of("calls", calls, "reads", reads, "cpu", cpu, "usec", usec);
			}
		}

		static Map<String, Double> perJob(Map<String, Double> before, Map<String, Double> after, int jobs) {
			Map<String, Double> perJob = new LinkedHashMap<>();
			perJob.put("redis_calls_per_job", (after.get("calls") - before.get("calls")) / jobs);
			perJob.put("redis_reads_per_job", (after.get("reads") - before.get("reads") - 1) / jobs);
			perJob.put("redis_usec_per_job", (after.get("usec") - before.get("usec")) / jobs);
			perJob.put("redis_cpu_us_per_job", (after.get("cpu") - before.get("cpu")) * 1e6 / jobs);
			return perJob;
		}

	}

	/** The command line, as the Spring Resque side takes it. */
	static final class Options {

		String host = "127.0.0.1";

		int port = 6379;

		int database;

		String workload = "";

		int jobs = 20_000;

		int workers = 1;

		int warmups = 1;

		int runs = 3;

		int rate = 200;

		boolean redisStats;

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--redis" -> {
						URI uri = URI.create(args[++i]);
						options.host = uri.getHost();
						options.port = (uri.getPort() > 0) ? uri.getPort() : 6379;
						String path = uri.getPath();
						options.database = (path == null || path.length() <= 1) ? 0 : Integer.parseInt(path.substring(1));
					}
					case "--workload" -> options.workload = args[++i];
					case "--jobs" -> options.jobs = Integer.parseInt(args[++i]);
					case "--workers" -> options.workers = Integer.parseInt(args[++i]);
					case "--warmup" -> options.warmups = Integer.parseInt(args[++i]);
					case "--runs" -> options.runs = Integer.parseInt(args[++i]);
					case "--rate" -> options.rate = Integer.parseInt(args[++i]);
					case "--redis-stats" -> options.redisStats = true;
					default -> throw new IllegalArgumentException("Unknown option " + args[i] + " in "
							+ Arrays.toString(args));
				}
			}
			return options;
		}

		Jedis jedis() {
			Jedis jedis = new Jedis(this.host, this.port);
			if (this.database != 0) {
				jedis.select(this.database);
			}
			return jedis;
		}

		String labels() {
			String labels = "impl=jesque workload=" + this.workload + " jobs=" + this.jobs;
			if (this.workload.equals("drain") || this.workload.equals("latency")) {
				labels += " workers=" + this.workers;
			}
			return (this.warmups == 0) ? labels + " phase=cold" : labels;
		}

	}

}
