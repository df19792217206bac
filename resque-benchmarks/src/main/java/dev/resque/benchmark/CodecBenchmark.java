package dev.resque.benchmark;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;

/**
 * The JSON codec on a typical payload, one thread:
 * {@code {"class":"SendWelcomeMail","queue":"mailers","args":["user-4711@example.com","en_GB",4711,{"plan":"pro","trial":true}]}}.
 * {@code encodeAndDecode} is what a job costs the codec end to end: written on enqueue, read by the worker.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class CodecBenchmark {

	private JobCodec codec;

	private Job job;

	private String payload;

	@Setup
	public void setUp() {
		this.codec = new JobCodec();
		this.job = new Job("SendWelcomeMail", "mailers",
				List.of("user-4711@example.com", "en_GB", 4711, new TreeMap<>(Map.of("plan", "pro", "trial", true))));
		this.payload = this.codec.encode(this.job);
	}

	@Benchmark
	public String encode() {
		return this.codec.encode(this.job);
	}

	@Benchmark
	public Job decode() {
		return this.codec.decode(this.payload, "mailers");
	}

	@Benchmark
	public Job encodeAndDecode() {
		return this.codec.decode(this.codec.encode(this.job), "mailers");
	}

}
