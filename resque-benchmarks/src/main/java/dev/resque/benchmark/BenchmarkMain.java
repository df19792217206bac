package dev.resque.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one workload a number of times against Redis and prints one {@code RESULT} line per run and a
 * {@code MEDIAN} line over the runs (unmeasured warm-up runs first, printed as {@code WARMUP}), in the form the
 * node-resque side prints, so that a script can set them side by side:
 *
 * <pre class="code">
 * RESULT impl=java workload=drain jobs=20000 workers=4 jobs_per_s=... seconds=...
 * </pre>
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(BenchmarkOptions.USAGE);
			System.exit(2);
			return;
		}
		Workload workload = Workloads.named(options.workload());
		String labels = "impl=java " + String.join(" ", options.labels());
		List<RunResult> results = new ArrayList<>();
		try (BenchmarkRedis redis = BenchmarkRedis.connect(options.redis(), options.client())) {
			for (int i = 0; i < options.warmups() + options.runs(); i++) {
				boolean warmup = i < options.warmups();
				String namespace = BenchmarkRedis.newNamespace();
				try {
					RunResult result = workload.run(new BenchmarkRun(options, redis, namespace));
					if (!warmup) {
						results.add(result);
					}
					System.out.println((warmup ? "WARMUP " : "RESULT ") + labels + " " + result.format());
				}
				finally {
					redis.deleteNamespace(namespace);
				}
			}
		}
		System.out.println("MEDIAN " + labels + " runs=" + results.size() + " " + RunResult.median(results).format());
		// worker and subscription threads of the last run may still be winding down
		System.exit(0);
	}

}
