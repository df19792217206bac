package dev.resque.core.worker;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueJob;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers reach {@code perform} as the payload wrote them: exact decimals for {@code BigDecimal}, the very double
 * for {@code double}, Doubles where the type does not say. Payloads go through the wire format as a worker reads
 * them (written by our encoder, or as node-resque and Ruby write them).
 */
class JobInvokerNumberTests {

	private final JobCodec codec = new JobCodec();

	private final JobRegistry registry = new JobRegistry();

	private final JobInvoker invoker = new JobInvoker(this.registry, this.codec);

	JobInvokerNumberTests() {
		for (Class<?> job : List.of(Decimals.class, OneDecimal.class, Doubles.class, Floats.class, Untyped.class,
				Raw.class, Tree.class, Priced.class, DecimalList.class, Big.class)) {
			this.registry.register(JobDefinition.of(job), () -> newInstance(job));
		}
	}

	@Test
	void decimalsEnqueuedFromJavaArriveWithTheirDigitsAndScale() throws Throwable {
		assertThat(performEnqueued("OneDecimal", new BigDecimal("42.50"))).isEqualTo(new BigDecimal("42.50"))
			.extracting((value) -> ((BigDecimal) value).scale())
			.isEqualTo(2);
		for (String decimal : List.of("12345678901234567.89", "0.1", "1E+21", "1E+3", "1.0", "0.00", "-7.250", "42",
				"1E-400", "3.14159265358979323846264338327950288")) {
			assertThat(performEnqueued("OneDecimal", new BigDecimal(decimal))).as(decimal)
				.isEqualTo(new BigDecimal(decimal));
		}
	}

	@Test
	void decimalsWrittenByOtherLanguagesArriveAsWrittenInTheText() throws Throwable {
		// node-resque: JSON.stringify of 0.1 and 1e21; an exact decimal written by hand or by Ruby's BigDecimal
		Object[] bound = (Object[]) performPayload(
				"{\"class\":\"Decimals\",\"queue\":\"q\",\"args\":[0.1,1e+21,12345678901234567.89]}");
		assertThat(bound).containsExactly(new BigDecimal("0.1"), new BigDecimal("1e+21"),
				new BigDecimal("12345678901234567.89"));
		// Ruby writes floats as 1.0 and 1.0e+21
		assertThat((Object[]) performPayload("{\"class\":\"Decimals\",\"args\":[1.0,1.0e+21,2.50],\"queue\":\"q\"}"))
			.containsExactly(new BigDecimal("1.0"), new BigDecimal("1.0e+21"), new BigDecimal("2.50"));
	}

	@Test
	void doublesArriveBitForBit() throws Throwable {
		for (double value : new double[] { 0.1, 1.0 / 3, 1e21, 5e-324, Double.MAX_VALUE, -2.5e-8, Math.pow(2, 59),
				123456789.125, 42.0 }) {
			Object[] bound = (Object[]) performEnqueued("Doubles", value, value);
			assertThat(Double.doubleToRawLongBits((double) bound[0])).as("%s", value)
				.isEqualTo(Double.doubleToRawLongBits(value));
			assertThat(bound[1]).isEqualTo(value);
		}
		Object[] fromDecimal = (Object[]) performPayload(
				"{\"class\":\"Doubles\",\"queue\":\"q\",\"args\":[12345678901234567.89,42.50]}");
		assertThat(fromDecimal).containsExactly(12345678901234567.89, 42.5);
		assertThat(performEnqueued("Floats", 0.1f)).isEqualTo(0.1f);
	}

	@Test
	void negativeZeroArrivesAsZeroAsJsonStringifyWritesIt() throws Throwable {
		Object[] bound = (Object[]) performEnqueued("Doubles", -0.0, -0.0);
		assertThat(Double.doubleToRawLongBits((double) bound[0])).isEqualTo(Double.doubleToRawLongBits(0.0));
	}

	@Test
	void untypedAndRawArgumentsGetDoubles() throws Throwable {
		String payload = "{\"class\":\"Untyped\",\"queue\":\"q\",\"args\":[42.50,{\"p\":[1.0,0.1]},12345678901234567.89]}";
		Object[] untyped = (Object[]) performPayload(payload);
		assertThat(untyped[0]).isEqualTo(42.5);
		assertThat(untyped[1]).isEqualTo(Map.of("p", List.of(1.0, 0.1)));
		assertThat(untyped[2]).isEqualTo(12345678901234567.89);
		assertThat(performPayload(payload.replace("Untyped", "Raw")))
			.isEqualTo(List.of(42.5, Map.of("p", List.of(1.0, 0.1)), 12345678901234567.89));
		JsonNode tree = (JsonNode) performPayload(payload.replace("Untyped", "Tree"));
		assertThat(tree.get(0).isDouble()).isTrue();
		assertThat(tree.get(0).doubleValue()).isEqualTo(42.5);
		assertThat(tree.get(1).get("p").get(0).doubleValue()).isEqualTo(1.0);
	}

	@Test
	void decimalsInsideRecordsAndListsBindExactlyToo() throws Throwable {
		Object priced = performPayload(
				"{\"class\":\"Priced\",\"queue\":\"q\",\"args\":[{\"name\":\"book\",\"price\":19.90,\"weight\":0.1}]}");
		assertThat(priced).isEqualTo(new Price("book", new BigDecimal("19.90"), 0.1));
		assertThat(performEnqueued("Priced", new Price("pen", new BigDecimal("0.10"), 12.5)))
			.isEqualTo(new Price("pen", new BigDecimal("0.10"), 12.5));
		assertThat(performPayload("{\"class\":\"DecimalList\",\"queue\":\"q\",\"args\":[[0.1,2.50,3]]}"))
			.isEqualTo(List.of(new BigDecimal("0.1"), new BigDecimal("2.50"), new BigDecimal("3")));
	}

	@Test
	void integersBeyondLongArriveExactly() throws Throwable {
		BigInteger big = new BigInteger("123456789012345678901234567890");
		assertThat((Object[]) performEnqueued("Big", big, big)).containsExactly(big, new BigDecimal(big));
	}

	/** Enqueued as a typed enqueue would: Java values to JSON values, written, read back as a worker reads them. */
	private @Nullable Object performEnqueued(String job, Object... args) throws Throwable {
		return performPayload(this.codec.encode(new Job(job, "q", this.codec.toJsonValues(job, args))));
	}

	private @Nullable Object performPayload(String payload) throws Throwable {
		return this.invoker.invoke(this.codec.decode(payload, "q"));
	}

	private static Object newInstance(Class<?> type) {
		try {
			return type.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@ResqueJob(queue = "q")
	static class Decimals {

		public Object[] perform(BigDecimal a, BigDecimal b, BigDecimal c) {
			return new Object[] { a, b, c };
		}

	}

	@ResqueJob(queue = "q")
	static class OneDecimal {

		public BigDecimal perform(BigDecimal value) {
			return value;
		}

	}

	@ResqueJob(queue = "q")
	static class Doubles {

		public Object[] perform(double primitive, Double boxed) {
			return new Object[] { primitive, boxed };
		}

	}

	@ResqueJob(queue = "q")
	static class Floats {

		public float perform(float value) {
			return value;
		}

	}

	@ResqueJob(queue = "q")
	static class Untyped {

		public Object[] perform(Object a, Map<String, Object> b, Number c) {
			return new Object[] { a, b, c };
		}

	}

	@ResqueJob(queue = "q")
	static class Raw {

		public List<Object> perform(List<Object> args) {
			return args;
		}

	}

	@ResqueJob(queue = "q")
	static class Tree {

		public JsonNode perform(JsonNode args) {
			return args;
		}

	}

	@ResqueJob(queue = "q")
	static class Priced {

		public Price perform(Price price) {
			return price;
		}

	}

	@ResqueJob(queue = "q")
	static class DecimalList {

		public List<BigDecimal> perform(List<BigDecimal> values) {
			return values;
		}

	}

	@ResqueJob(queue = "q")
	static class Big {

		public Object[] perform(BigInteger integer, BigDecimal decimal) {
			return new Object[] { integer, decimal };
		}

	}

	record Price(String name, BigDecimal price, double weight) {
	}

}
