package dev.resque.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run, by name, in the order they are printed. */
final class RunResult {

	private final Map<String, Double> metrics = new LinkedHashMap<>();

	static RunResult throughput(int jobs, long nanos) {
		return new RunResult().with("jobs_per_s", jobs / (nanos / 1e9)).with("seconds", nanos / 1e9);
	}

	RunResult with(String name, double value) {
		this.metrics.put(name, value);
		return this;
	}

	RunResult withAll(Map<String, Double> more) {
		this.metrics.putAll(more);
		return this;
	}

	Map<String, Double> metrics() {
		return Collections.unmodifiableMap(this.metrics);
	}

	/** {@code name=value} pairs, rates rounded to whole numbers, other figures to two decimals. */
	String format() {
		List<String> pairs = new ArrayList<>();
		this.metrics.forEach((name, value) -> pairs.add(name + "=" + format(name, value)));
		return String.join(" ", pairs);
	}

	/** The median of each figure over runs. */
	static RunResult median(List<RunResult> runs) {
		RunResult median = new RunResult();
		for (String name : runs.get(0).metrics.keySet()) {
			double[] values = runs.stream().mapToDouble((run) -> run.metrics.get(name)).sorted().toArray();
			median.with(name, median(values));
		}
		return median;
	}

	private static double median(double[] sorted) {
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static String format(String name, double value) {
		if (name.endsWith("_per_s")) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/** p50, p95, p99 and max of some samples, named {@code p50_ms}... */
	static Map<String, Double> percentiles(double[] millis) {
		double[] sorted = millis.clone();
		Arrays.sort(sorted);
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("p50_ms", percentile(sorted, 50));
		result.put("p95_ms", percentile(sorted, 95));
		result.put("p99_ms", percentile(sorted, 99));
		result.put("max_ms", sorted[sorted.length - 1]);
		return result;
	}

	/** Nearest rank: the smallest sample that at least p percent of the samples do not exceed. */
	private static double percentile(double[] sorted, double p) {
		int rank = (int) Math.ceil(p / 100 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

}
