package dev.resque.core.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.worker.JobInvoker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format's round trips over generated arguments: the bytes survive decoding, and numbers survive all the
 * way to {@code perform}. Each run draws new samples from a seed it names when a sample fails (set
 * {@code -Dresque.codec.seed=...} to draw the same ones again); a few hundred samples per property keep the class
 * at a few seconds.
 */
class JobCodecPropertyTests {

	private static final BigInteger HUGE = BigInteger.TEN.pow(40);

	private static final long SEED = Long.getLong("resque.codec.seed", System.nanoTime());

	private final JobCodec codec = new JobCodec();

	private final JobInvoker invoker;

	JobCodecPropertyTests() {
		JobRegistry registry = new JobRegistry();
		registry.register(JobDefinition.of(TakesDecimal.class), TakesDecimal::new);
		registry.register(JobDefinition.of(TakesDouble.class), TakesDouble::new);
		this.invoker = new JobInvoker(registry, this.codec);
	}

	@Test
	void encodeDecodeEncodeGivesTheSameBytes() {
		forAll(300, this::arguments, (args) -> {
			byte[] first = this.codec.encode(new Job("j", "q", args)).getBytes(StandardCharsets.UTF_8);
			Job decoded = this.codec.decode(new String(first, StandardCharsets.UTF_8), null);
			assertThat(this.codec.encode(decoded).getBytes(StandardCharsets.UTF_8)).isEqualTo(first);
		});
	}

	@Test
	void payloadsAsJsonStringifyWritesThemDecodeAndEncodeIdentically() {
		forAll(300, this::arguments, (args) -> {
			Job job = new Job("j", "q", args);
			// the encoder writes what JSON.stringify writes: node-resque's order, resque-scheduler's and Ruby's
			String nodeOrder = this.codec.encode(job);
			String schedulerOrder = this.codec.encodeSchedulerOrder(job);
			String rubyOrder = this.codec.encodeRubyQueueOrder(job);
			assertThat(this.codec.encode(this.codec.decode(nodeOrder, null))).isEqualTo(nodeOrder);
			assertThat(this.codec.encodeSchedulerOrder(this.codec.decode(schedulerOrder, null))).isEqualTo(schedulerOrder);
			assertThat(this.codec.encodeRubyQueueOrder(this.codec.decode(rubyOrder, "q"))).isEqualTo(rubyOrder);
		});
	}

	@Test
	void argumentsAreEnqueuedAsWhatTheyAreReadBackAs() {
		forAll(300, this::arguments, (args) -> {
			List<Object> values = this.codec.toJsonValues("j", args.toArray());
			assertThat(this.codec.decode(this.codec.encode(new Job("j", "q", values)), null).args()).isEqualTo(values);
		});
	}

	@Test
	void anyDecimalReachesABigDecimalParameterWithItsDigitsAndScale() {
		// equals, not compareTo: 42.50 must not arrive as 42.5
		forAll(1000, this::decimal, (value) -> assertThat(performEnqueued("TakesDecimal", value)).isEqualTo(value));
	}

	@Test
	void anyFiniteDoubleReachesADoubleParameterBitForBit() {
		forAll(1000, this::finiteDouble, (value) -> {
			double bound = (double) performEnqueued("TakesDouble", value);
			// -0.0 is written 0 as JSON.stringify writes it, so it comes back +0.0
			double expected = (value == 0) ? 0.0 : value;
			assertThat(Double.doubleToRawLongBits(bound)).isEqualTo(Double.doubleToRawLongBits(expected));
		});
	}

	/** Checks a property on {@code tries} samples; a failure names the seed and the sample. */
	private static <T> void forAll(int tries, Function<Random, T> samples, Consumer<T> property) {
		Random random = new Random(SEED);
		for (int i = 0; i < tries; i++) {
			T sample = samples.apply(random);
			try {
				property.accept(sample);
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError("Sample " + i + " of seed " + SEED + " (-Dresque.codec.seed=" + SEED + "): "
						+ sample, ex);
			}
		}
	}

	private Object performEnqueued(String job, Object arg) {
		String payload = this.codec.encode(new Job(job, "q", this.codec.toJsonValues(job, arg)));
		try {
			return this.invoker.invoke(this.codec.decode(payload, null));
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	private List<Object> arguments(Random random) {
		int size = random.nextInt(6);
		List<Object> args = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			args.add(json(random, 3));
		}
		return args;
	}

	/** JSON values as Java holds them: the scalars, nested lists and string-keyed maps. */
	private Object json(Random random, int depth) {
		int kind = (depth == 0) ? 0 : random.nextInt(4);
		if (kind <= 1) {
			return scalar(random);
		}
		int size = random.nextInt(5);
		if (kind == 2) {
			List<Object> list = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				list.add(json(random, depth - 1));
			}
			return list;
		}
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < size; i++) {
			map.put(key(random), json(random, depth - 1));
		}
		return map;
	}

	private Object scalar(Random random) {
		return switch (random.nextInt(15)) {
			case 0 -> null;
			case 1, 2, 3, 4 -> text(random);
			case 5, 6 -> random.nextInt();
			case 7 -> random.nextLong();
			case 8 -> new BigInteger(140, random).subtract(HUGE);
			case 9, 10, 11 -> finiteDouble(random);
			case 12, 13 -> decimal(random);
			default -> random.nextBoolean();
		};
	}

	private BigDecimal decimal(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> new BigDecimal(new BigInteger(134, random).subtract(HUGE), random.nextInt(101) - 40);
			case 1 -> BigDecimal.valueOf(random.nextLong(-100_000_000L, 100_000_001L), 2);
			default -> new BigDecimal(JsonNumbers.numberText(finiteDouble(random)));
		};
	}

	/** Every bit pattern (all exponents, subnormals included), short decimals like 19.99, and edge values. */
	private double finiteDouble(Random random) {
		double[] edges = { 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
				0x1p53, 0x1p53 + 2, 1e21, 1e-7, 1e-6, 0.1, 0.3 };
		int kind = random.nextInt(10);
		if (kind < 5) {
			double value;
			do {
				value = Double.longBitsToDouble(random.nextLong());
			}
			while (!Double.isFinite(value));
			return value;
		}
		if (kind < 9) {
			return BigDecimal.valueOf(random.nextLong(-1_000_000_000L, 1_000_000_001L), 3).doubleValue();
		}
		return edges[random.nextInt(edges.length)];
	}

	/** Any valid Unicode: code points of every plane (never a lone surrogate), weighted to what needs escaping. */
	private String text(Random random) {
		int[] special = { '"', '\\', '/', 0, 0x1f, 0x7f, 0x2028, 0xfeff, 0x1f600, 0x1d11e, 'é' };
		int length = random.nextInt(13);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(6);
			if (kind < 3) {
				text.append((char) (0x20 + random.nextInt(0x5f)));
			}
			else if (kind < 5) {
				int codePoint;
				do {
					codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
				}
				while (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
				text.appendCodePoint(codePoint);
			}
			else {
				text.appendCodePoint(special[random.nextInt(special.length)]);
			}
		}
		return text.toString();
	}

	/** Map keys, with the integer-like ones JavaScript puts first. */
	private String key(Random random) {
		String[] integerLike = { "0", "1", "2", "10", "01", "4294967294", "4294967295", "-1" };
		return random.nextBoolean() ? text(random) : integerLike[random.nextInt(integerLike.length)];
	}

	@ResqueJob(queue = "q")
	static class TakesDecimal {

		public BigDecimal perform(BigDecimal value) {
			return value;
		}

	}

	@ResqueJob(queue = "q")
	static class TakesDouble {

		public double perform(double value) {
			return value;
		}

	}

}
