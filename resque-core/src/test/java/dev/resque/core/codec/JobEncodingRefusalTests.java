package dev.resque.core.codec;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import dev.resque.core.job.Job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the codec refuses to enqueue, and that every way in (encode, toJsonValues, write) refuses it the same way
 * with a message naming the argument by position and type.
 */
class JobEncodingRefusalTests {

	private final JobCodec codec = new JobCodec();

	@Test
	void aListThatContainsItself() {
		List<Object> list = new ArrayList<>(List.of("a"));
		list.add(list);
		assertRefused(list).hasMessageContaining("argument 2 (java.util.ArrayList) contains itself")
			.hasMessageContaining("(at [1])");
	}

	@Test
	void aMapThatContainsItselfFurtherDown() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("name", "x");
		map.put("children", List.of(Map.of("parent", map)));
		assertRefused(map).hasMessageContaining("argument 2 (java.util.LinkedHashMap) contains itself")
			.hasMessageContaining("(at .children[0].parent)");
	}

	@Test
	void anArrayOrARecordThatContainsItself() {
		Object[] array = new Object[1];
		array[0] = array;
		assertRefused((Object) array).hasMessageContaining("argument 2 ([Ljava.lang.Object;) contains itself");
		List<Object> items = new ArrayList<>();
		Node node = new Node("root", items);
		items.add(node);
		assertRefused(node).hasMessageContaining("argument 2 (" + Node.class.getName() + ") contains itself");
		Map<Object, Object> numbered = new HashMap<>();
		numbered.put(1, numbered);
		assertRefused(numbered).hasMessageContaining("argument 2 (java.util.HashMap) contains itself");
	}

	@Test
	void runningThingsCodeAndResourcesAreNotData() throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (Socket socket = new Socket(); Stream<String> stream = Stream.of("a")) {
			List<Object> notData = List.of(Thread.currentThread(), Thread.currentThread().getThreadGroup(),
					getClass().getClassLoader(), String.class, String.class.getMethod("length"),
					String.class.getDeclaredField("value"), new ByteArrayInputStream(new byte[1]), new StringReader("x"),
					new StringWriter(), System.out, socket, stream, List.of(1).iterator(),
					CompletableFuture.completedFuture(1), executor, new ReentrantLock(), ProcessHandle.current());
			for (Object value : notData) {
				assertRefused(value).hasMessageContaining("argument 2 (" + value.getClass().getName() + ") is a ")
					.hasMessageContaining("which is not data");
			}
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void notDataIsRefusedWhereverItIsInsideAnArgument() {
		assertRefused(new Holder("x", Thread.currentThread()))
			.hasMessageContaining("argument 2 (" + Holder.class.getName() + ") at .value is a java.lang.Thread");
		assertRefused(Map.of("in", List.of(1, Optional.of(new ByteArrayInputStream(new byte[1])))))
			.hasMessageContaining("at .in[1] is a java.io.ByteArrayInputStream");
	}

	@Test
	void lambdasAreNotData() {
		Supplier<String> supplier = () -> "x";
		assertRefused(supplier).hasMessageContaining("is a lambda");
	}

	@Test
	void dataStaysAccepted() {
		List<Object> data = List.of(new Holder("x", 1), new Bean(), LocalDate.of(2026, 1, 2), Duration.ofSeconds(3),
				Locale.UK, UUID.fromString("e2431500-cf98-46f2-9046-155056e8b8f7"), new BigDecimal("1.50"),
				new BigInteger("123456789012345678901234567890"), Level.HIGH, Optional.of(3), Optional.empty(),
				new File("/tmp/report.pdf"), Path.of("/tmp/report.pdf"), URI.create("https://example.com/a"),
				Set.of("one"), new int[] { 1, 2 }, new String[] { "a", "b" }, "astral 😀 𝄞");
		String encoded = this.codec.encode(new Job("j", "q", data));
		assertThat(encoded).contains("{\"name\":\"x\",\"value\":1}", "{\"count\":2}", "\"2026-01-02\"", "\"PT3S\"",
				"\"en_GB\"", "1.50", "123456789012345678901234567890", "\"HIGH\"", ",3,null,", "\"/tmp/report.pdf\"",
				"\"file:///tmp/report.pdf\"", "[\"one\"]", "[1,2]", "[\"a\",\"b\"]", "\"astral 😀 𝄞\"");
		assertThat(this.codec.toJsonValues("j", data.toArray())).hasSize(data.size());
	}

	@Test
	void aStringWithALoneSurrogate() {
		assertRefusedOnEnqueue("ab\ud800c").hasMessageContaining(
				"argument 2 (java.lang.String) is a string with a lone surrogate (\\ud800 at index 2), which UTF-8 cannot carry");
		assertRefusedOnEnqueue("end \udc00").hasMessageContaining("(\\udc00 at index 4)");
		assertRefusedOnEnqueue("\ude00\ud83d").hasMessageContaining("(\\ude00 at index 0)");
		assertRefusedOnEnqueue(List.of("fine", Map.of("note", "x\ud83d")))
			.hasMessageContaining("argument 2 (java.util.ImmutableCollections$List12) at [1].note is a string with a lone surrogate");
		assertRefusedOnEnqueue(Map.of("key\ud800", 1))
			.hasMessageContaining("has a key with a lone surrogate (\\ud800 at index 3)");
		assertRefusedOnEnqueue(new Holder("x\udbff", 1)).hasMessageContaining("at .name is a string with a lone surrogate");
		assertThat(this.codec.encode(Job.of("q", "j", "pair \ud83d\ude00 kept"))).contains("\"pair 😀 kept\"");
	}

	@Test
	void notANumberAndInfinities() {
		assertRefused(Double.NaN).hasMessageContaining(
				"argument 2 (java.lang.Double) is NaN, which JSON has no number for (JSON.stringify would write null)");
		assertRefused(Double.POSITIVE_INFINITY).hasMessageContaining("argument 2 (java.lang.Double) is Infinity");
		assertRefused(Double.NEGATIVE_INFINITY).hasMessageContaining("is -Infinity");
		assertRefused(Float.NaN).hasMessageContaining("argument 2 (java.lang.Float) is NaN");
		assertRefused(List.of(1.5, Double.NaN)).hasMessageContaining("at [1] is NaN");
		assertRefused(Map.of("price", Float.NEGATIVE_INFINITY)).hasMessageContaining("at .price is -Infinity");
		assertRefused(new Priced("book", Double.POSITIVE_INFINITY)).hasMessageContaining("at .price is Infinity");
		assertRefused((Object) new double[] { 1, Double.NaN }).hasMessageContaining("at [1] is NaN");
	}

	@Test
	void nestingOrNumbersLongerThanAWorkerReads() {
		Object deepest = "bottom";
		for (int i = 0; i < JsonWriter.MAX_ARGUMENT_DEPTH; i++) {
			deepest = List.of(deepest);
		}
		String payload = this.codec.encode(Job.of("q", "j", deepest));
		assertThat(this.codec.decode(payload, null).args()).containsExactly(deepest);
		assertRefused(List.of(deepest)).hasMessageContaining("nests lists and maps deeper than "
				+ JsonWriter.MAX_ARGUMENT_DEPTH + " levels, more than a worker reads");
		assertRefused(new BigInteger("9".repeat(JsonNumbers.MAX_NUMBER_LENGTH + 1)))
			.hasMessageContaining("is a number written with 1001 characters, more than a worker reads (1000)");
		assertRefused(new BigDecimal(new BigInteger("9".repeat(JsonNumbers.MAX_NUMBER_LENGTH)), 2))
			.hasMessageContaining("argument 2 (java.math.BigDecimal) is a number written with 1006 characters");
	}

	@Test
	void writeRefusesTheSameButEscapesALoneSurrogateAsJsonStringifyDoes() {
		List<Object> list = new ArrayList<>();
		list.add(list);
		assertThatThrownBy(() -> this.codec.write(list)).isInstanceOf(JobEncodingException.class)
			.hasMessage("Cannot write java.util.ArrayList as JSON: the value contains itself, which JSON cannot write (at [0])");
		assertThatThrownBy(() -> this.codec.write(Map.of("t", Thread.currentThread())))
			.isInstanceOf(JobEncodingException.class)
			.hasMessageContaining("the value at .t is a java.lang.Thread, which is not data");
		assertThatThrownBy(() -> this.codec.write(Double.NaN)).isInstanceOf(JobEncodingException.class)
			.hasMessageContaining("the value is NaN");
		assertThat(this.codec.write(List.of("x\ud800"))).isEqualTo("[\"x\\ud800\"]");
	}

	/**
	 * The value refused as the second argument of a job by the three ways into the codec, with the same message
	 * from encode and toJsonValues.
	 */
	private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Object secondArgument) {
		catchRefusal(() -> this.codec.write(Arrays.asList("first", secondArgument)));
		return assertRefusedOnEnqueue(secondArgument);
	}

	/** The value refused as the second argument by encode and toJsonValues, with the same message. */
	private AbstractThrowableAssert<?, ? extends Throwable> assertRefusedOnEnqueue(Object secondArgument) {
		Object[] args = { "first", secondArgument };
		Throwable fromEncode = catchRefusal(() -> this.codec.encode(new Job("report", "q", Arrays.asList(args))));
		Throwable fromValues = catchRefusal(() -> this.codec.toJsonValues("report", args));
		assertThat(fromValues).hasMessage(fromEncode.getMessage());
		return assertThat(fromEncode).hasMessageStartingWith("Cannot write the arguments of job \"report\" as JSON: ");
	}

	private static Throwable catchRefusal(Runnable call) {
		try {
			call.run();
		}
		catch (JobEncodingException ex) {
			return ex;
		}
		throw new AssertionError("expected a JobEncodingException");
	}

	record Holder(String name, Object value) {
	}

	record Node(String name, List<Object> children) {
	}

	record Priced(String name, double price) {
	}

	enum Level {

		HIGH

	}

	static class Bean {

		public int getCount() {
			return 2;
		}

	}

}
