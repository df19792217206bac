package dev.resque.core.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resque.core.job.Job;
import dev.resque.core.queue.FailedJob;
import dev.resque.core.queue.WorkingOn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Byte-level expectations from node-resque's wire format (reference node-resque.md §2). */
class JobCodecTests {

	private final JobCodec codec = new JobCodec();

	@Test
	void encodesClassQueueArgsCompactInNodeResqueOrder() {
		assertThat(this.codec.encode(Job.of("math", "add", 1, 2))).isEqualTo("{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}");
	}

	@Test
	void encodesNoArgumentsAsAnEmptyArray() {
		assertThat(this.codec.encode(new Job("noop", "q", List.of()))).isEqualTo("{\"class\":\"noop\",\"queue\":\"q\",\"args\":[]}");
	}

	@Test
	void writesNumbersAsJavaScriptDoes() {
		assertThat(args(1.0)).isEqualTo("[1]");
		assertThat(args(1.5)).isEqualTo("[1.5]");
		assertThat(args(-0.0)).isEqualTo("[0]");
		assertThat(args(0.1 + 0.2)).isEqualTo("[0.30000000000000004]");
		assertThat(args(1e21)).isEqualTo("[1e+21]");
		assertThat(args(1e20)).isEqualTo("[100000000000000000000]");
		assertThat(args(123456789.125)).isEqualTo("[123456789.125]");
		assertThat(args(1e-7)).isEqualTo("[1e-7]");
		assertThat(args(0.000001)).isEqualTo("[0.000001]");
		assertThat(args(-2.5e-10)).isEqualTo("[-2.5e-10]");
		assertThat(args(1.7976931348623157e308)).isEqualTo("[1.7976931348623157e+308]");
		assertThat(args(2e23)).isEqualTo("[2e+23]");
		assertThat(args(Math.pow(2, 59))).isEqualTo("[576460752303423500]");
		assertThat(args(Math.pow(2, 53) + 2)).isEqualTo("[9007199254740994]");
		assertThat(args(1.1f)).isEqualTo("[1.1]");
		assertThat(args(0.1f)).isEqualTo("[0.1]");
		assertThat(args(Double.MIN_VALUE)).isEqualTo("[5e-324]");
		assertThat(args(2 * Double.MIN_VALUE)).isEqualTo("[1e-323]");
		assertThat(args(4.9e-322)).isEqualTo("[4.9e-322]");
		assertThat(args(Long.MAX_VALUE)).isEqualTo("[9223372036854775807]");
		assertThat(args(new BigInteger("123456789012345678901234567890"))).isEqualTo("[123456789012345678901234567890]");
		assertThat(args(new BigDecimal("19.9"))).isEqualTo("[19.9]");
		assertThat(args(new BigDecimal("0.1000000000000000000001"))).isEqualTo("[0.1000000000000000000001]");
	}

	@Test
	void writesDecimalsWithAllTheirDigitsAndTheirScale() {
		assertThat(args(new BigDecimal("19.90"))).isEqualTo("[19.90]");
		assertThat(args(new BigDecimal("12345678901234567.89"))).isEqualTo("[12345678901234567.89]");
		assertThat(args(new BigDecimal("0.1"))).isEqualTo("[0.1]");
		assertThat(args(new BigDecimal("1.0"))).isEqualTo("[1.0]");
		assertThat(args(new BigDecimal("0.00"))).isEqualTo("[0.00]");
		assertThat(args(new BigDecimal("42"))).isEqualTo("[42]");
		assertThat(args(new BigDecimal("1E+3"))).isEqualTo("[1e+3]");
		assertThat(args(new BigDecimal("1E+21"))).isEqualTo("[1e+21]");
		assertThat(args(new BigDecimal("-1.50E-7"))).isEqualTo("[-1.50e-7]");
		assertThat(args(new BigDecimal("0.0000001"))).isEqualTo("[1e-7]");
	}

	@Test
	void escapesStringsAsJavaScriptDoes() {
		assertThat(args("a\"b\\c")).isEqualTo("[\"a\\\"b\\\\c\"]");
		assertThat(args("line\nnext\ttab\r\b\f")).isEqualTo("[\"line\\nnext\\ttab\\r\\b\\f\"]");
		assertThat(args("\u0001\u001f")).isEqualTo("[\"\\u0001\\u001f\"]");
		assertThat(args("a/b")).isEqualTo("[\"a/b\"]");
		assertThat(args("héllo ✓ 😀")).isEqualTo("[\"héllo ✓ 😀\"]");
		assertThat(args("\u2028\u007f")).isEqualTo("[\"\u2028\u007f\"]");
		assertThat(this.codec.write(List.of("lone \ud800 surrogate"))).isEqualTo("[\"lone \\ud800 surrogate\"]");
	}

	@Test
	void keepsMapOrderAndNesting() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("z", 1);
		map.put("a", List.of(true, false));
		map.put("n", null);
		assertThat(args(map)).isEqualTo("[{\"z\":1,\"a\":[true,false],\"n\":null}]");
	}

	@Test
	void writesIntegerLikeKeysFirstAsJavaScriptObjectsDo() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("b", 1);
		map.put("2", 2);
		map.put("a", 3);
		map.put("1", 4);
		map.put("01", 5);
		map.put("4294967295", 6);
		map.put("10", 7);
		assertThat(args(map)).isEqualTo("[{\"1\":4,\"2\":2,\"10\":7,\"b\":1,\"a\":3,\"01\":5,\"4294967295\":6}]");
	}

	@Test
	void writesJavaTypesAsPlainJson() {
		assertThat(args(Locale.UK)).isEqualTo("[\"en_GB\"]");
		assertThat(args(LocalDate.of(2026, 11, 29))).isEqualTo("[\"2026-11-29\"]");
		assertThat(args(new Person("Ada", 36))).isEqualTo("[{\"name\":\"Ada\",\"age\":36}]");
		assertThat(args((Object) null)).isEqualTo("[null]");
	}

	@Test
	void argumentsThatCannotBeWrittenFailNamingTheJob() {
		assertThatThrownBy(() -> this.codec.encode(Job.of("q", "upload", new Object())))
			.isInstanceOf(JobEncodingException.class)
			.hasMessageContaining("\"upload\"");
		assertThatThrownBy(() -> this.codec.encode(Job.of("q", "upload", (Object) new byte[] { 1, 2 })))
			.isInstanceOf(JobEncodingException.class);
	}

	@Test
	void schedulerAndRubyOrders() {
		Job job = Job.of("math", "add", 1, "x");
		assertThat(this.codec.encodeSchedulerOrder(job)).isEqualTo("{\"class\":\"add\",\"args\":[1,\"x\"],\"queue\":\"math\"}");
		assertThat(this.codec.encodeRubyQueueOrder(job)).isEqualTo("{\"class\":\"add\",\"args\":[1,\"x\"]}");
	}

	@Test
	void decodeThenEncodeGivesBackTheSameBytes() {
		List<String> payloads = List.of("{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}",
				"{\"class\":\"x\",\"queue\":\"q\",\"args\":[1.5,-3,\"é/\\\"\",null,true,{\"b\":[1e+21,{}],\"a\":\"\"}]}",
				"{\"class\":\"x\",\"queue\":\"q\",\"args\":[9007199254740993,1e-7,0.1]}",
				"{\"class\":\"x\",\"queue\":\"q\",\"args\":[42.50,1.0,12345678901234567.89,1e+400,{\"p\":[0.10]}]}");
		for (String payload : payloads) {
			assertThat(this.codec.encode(this.codec.decode(payload, null))).isEqualTo(payload);
		}
	}

	@Test
	void decodesRubyPayloadWithoutQueue() {
		Job job = this.codec.decode("{\"class\":\"Archive\",\"args\":[44,\"masterbrew\"]}", "file_serve");
		assertThat(job).isEqualTo(new Job("Archive", "file_serve", List.of(44, "masterbrew")));
	}

	@Test
	void decodesCjsonEmptyArgsAndSingleValueArgs() {
		assertThat(this.codec.decode("{\"class\":\"a\",\"args\":{},\"queue\":\"q\"}", null).args()).isEmpty();
		assertThat(this.codec.decode("{\"class\":\"a\",\"queue\":\"q\"}", null).args()).isEmpty();
		assertThat(this.codec.decode("{\"class\":\"a\",\"queue\":\"q\",\"args\":7}", null).args()).containsExactly(7);
	}

	@Test
	void decodesNumbersToNaturalJavaTypes() {
		Job job = this.codec.decode("{\"class\":\"a\",\"queue\":\"q\",\"args\":[1,5000000000,123456789012345678901234,2.5]}", null);
		assertThat(job.args()).containsExactly(1, 5000000000L, new BigInteger("123456789012345678901234"), 2.5);
	}

	@Test
	void decodesAFractionAsDoubleOnlyWhenItsTextIsTheDoublesOwn() {
		Job job = this.codec.decode("{\"class\":\"a\",\"queue\":\"q\",\"args\":[0.1,1e+21,1e-07,1E21,"
				+ "12345678901234567.89,42.50,1.0,0.10000000000000001,1e400]}", null);
		assertThat(job.args()).containsExactly(0.1, 1e21, 1e-7, 1e21, new BigDecimal("12345678901234567.89"),
				new BigDecimal("42.50"), new BigDecimal("1.0"), new BigDecimal("0.10000000000000001"),
				new BigDecimal("1e400"));
		assertThat(((BigDecimal) job.args().get(5)).scale()).isEqualTo(2);
	}

	@Test
	void readsFractionsInFailedAndWorkingOnRecordsAsDecodeDoes() {
		String payload = "{\"class\":\"a\",\"queue\":\"q\",\"args\":[0.1,42.50,12345678901234567.89]}";
		String failed = this.codec.encodeFailure("w", "q", payload, "E", "e", List.of(), Instant.EPOCH);
		assertThat(this.codec.decodeFailure(failed).payload()).isEqualTo(this.codec.decode(payload, null));
		String record = this.codec.workingOn(Instant.EPOCH, "q", "w", payload);
		assertThat(this.codec.decodeWorkingOn(record, "w").payload()).isEqualTo(this.codec.decode(payload, null));
	}

	@Test
	void rejectsPayloadsThatAreNotJobs() {
		assertThatThrownBy(() -> this.codec.decode("{not json", "q")).isInstanceOf(InvalidPayloadException.class)
			.hasMessageContaining("not valid JSON");
		assertThatThrownBy(() -> this.codec.decode("{\"args\":[]}", "q")).isInstanceOf(InvalidPayloadException.class)
			.hasMessageContaining("no \"class\"");
		assertThatThrownBy(() -> this.codec.decode("[1,2]", "q")).isInstanceOf(InvalidPayloadException.class);
		assertThatThrownBy(() -> this.codec.decode("{\"class\":\"a\",\"args\":[]}", null))
			.isInstanceOf(InvalidPayloadException.class)
			.hasMessageContaining("no \"queue\"");
	}

	@Test
	void encodesFailureInNodeOrderWithRubyDateAndThePayloadVerbatim() {
		String payload = "{\"class\":\"boom\",\"args\":[1],\"queue\":\"math\"}";
		String json = this.codec.encodeFailure("host:1+1", "math", payload, "java.lang.IllegalStateException", "kaboom",
				List.of("at A.b(A.java:1)", "at C.d(C.java:2)"), Instant.parse("2026-11-28T23:34:19.456Z"));
		assertThat(json).isEqualTo("{\"worker\":\"host:1+1\",\"queue\":\"math\",\"payload\":" + payload
				+ ",\"exception\":\"java.lang.IllegalStateException\",\"error\":\"kaboom\",\"backtrace\":"
				+ "[\"at A.b(A.java:1)\",\"at C.d(C.java:2)\"],\"failed_at\":\"2026/11/28 23:34:19 UTC\"}");
	}

	@Test
	void embedsAMalformedPayloadAsAString() {
		String json = this.codec.encodeFailure("w", "q", "{broken", "E", "e", List.of(), Instant.EPOCH);
		assertThat(json).contains("\"payload\":\"{broken\"");
		assertThat(this.codec.decodeFailure(json).payload()).isNull();
	}

	@Test
	void decodesNodeResqueFailure() {
		String json = "{\"worker\":\"host1:111\",\"queue\":\"math\",\"payload\":{\"class\":\"boom\",\"queue\":\"math\",\"args\":[1]},"
				+ "\"exception\":\"TypeError\",\"error\":\"kaboom\",\"backtrace\":[\"    at Worker.perform (/x.js:23:40)\",\"    at ...\"],"
				+ "\"failed_at\":\"Sat Nov 28 2026 23:34:19 GMT+0000 (Coordinated Universal Time)\"}";
		FailedJob failed = this.codec.decodeFailure(json);
		assertThat(failed.worker()).isEqualTo("host1:111");
		assertThat(failed.queue()).isEqualTo("math");
		assertThat(failed.payload()).isEqualTo(new Job("boom", "math", List.of(1)));
		assertThat(failed.exception()).isEqualTo("TypeError");
		assertThat(failed.error()).isEqualTo("kaboom");
		assertThat(failed.backtrace()).containsExactly("    at Worker.perform (/x.js:23:40)", "    at ...");
		assertThat(failed.failedAt()).isEqualTo(Instant.parse("2026-11-28T23:34:19Z"));
		assertThat(failed.json()).isEqualTo(json);
	}

	@Test
	void decodesRubyFailureAndForceCleanFailure() {
		FailedJob ruby = this.codec.decodeFailure("{\"failed_at\":\"2026/01/12 15:23:55 UTC\",\"payload\":{\"class\":\"Archive\",\"args\":[44]},"
				+ "\"exception\":\"RuntimeError\",\"error\":\"boom\",\"backtrace\":[],\"worker\":\"host:1234:high,low\",\"queue\":\"file_serve\"}");
		assertThat(ruby.payload()).isEqualTo(new Job("Archive", "file_serve", List.of(44)));
		assertThat(ruby.failedAt()).isEqualTo(Instant.parse("2026-01-12T15:23:55Z"));
		FailedJob forced = this.codec.decodeFailure("{\"worker\":\"w:1\",\"queue\":\"q\",\"payload\":{},\"exception\":\"Worker Timeout (killed manually)\","
				+ "\"error\":\"Worker Timeout (killed manually)\",\"backtrace\":[\"killed by h\",\"queue#forceCleanWorker\",\"node-resque\"],\"failed_at\":null}");
		assertThat(forced.payload()).isNull();
		assertThat(forced.failedAt()).isNull();
		assertThat(forced.backtrace()).element(1).isEqualTo("queue#forceCleanWorker");
	}

	@Test
	void workingOnRecordHoldsThePayloadVerbatim() {
		String payload = "{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}";
		String record = this.codec.workingOn(Instant.parse("2026-11-28T23:34:19.900Z"), "math", "host:7+1", payload);
		assertThat(record).isEqualTo("{\"run_at\":\"2026-11-28T23:34:19Z\",\"queue\":\"math\",\"worker\":\"host:7+1\",\"payload\":" + payload + "}");
		WorkingOn workingOn = this.codec.decodeWorkingOn(record, "ignored");
		assertThat(workingOn).isEqualTo(new WorkingOn("host:7+1", "math", Instant.parse("2026-11-28T23:34:19Z"), new Job("add", "math", List.of(1, 2))));
	}

	@Test
	void aWorkingOnRecordTellsTheIdItsJobCarries() {
		String payload = "{\"class\":\"add\",\"queue\":\"math\",\"args\":[1],\"id\":\"0123456789abcdef01234567\"}";
		String record = this.codec.workingOn(Instant.parse("2026-11-28T23:34:19Z"), "math", "host:7+1", payload);
		assertThat(this.codec.decodeWorkingOn(record, "ignored").jobId()).isEqualTo("0123456789abcdef01234567");
	}

	@Test
	void decodesNodeLuaAndRubyWorkingOnRecords() {
		WorkingOn node = this.codec.decodeWorkingOn("{\"run_at\":\"Sat Nov 28 2026 23:34:19 GMT+0000 (Coordinated Universal Time)\",\"worker\":\"host1:111\","
				+ "\"payload\":{\"class\":\"add\",\"args\":{},\"queue\":\"math\"},\"queue\":\"math\"}", "host1:111");
		assertThat(node).isEqualTo(new WorkingOn("host1:111", "math", Instant.parse("2026-11-28T23:34:19Z"), new Job("add", "math", List.of())));
		WorkingOn ruby = this.codec.decodeWorkingOn("{\"queue\":\"high\",\"run_at\":\"2026-01-12T20:23:55Z\",\"payload\":{\"class\":\"Archive\",\"args\":[1]}}", "host:9");
		assertThat(ruby).isEqualTo(new WorkingOn("host:9", "high", Instant.parse("2026-01-12T20:23:55Z"), new Job("Archive", "high", List.of(1))));
	}

	@Test
	void pingRecordAsNodeResqueWritesIt() {
		assertThat(this.codec.ping(Instant.ofEpochSecond(1795908860L), "host1:111", "math,other"))
			.isEqualTo("{\"time\":1795908860,\"name\":\"host1:111\",\"queues\":\"math,other\"}");
	}

	@Test
	void argumentsBecomeWhatTheyAreReadBackAs() {
		Map<Object, Object> numbered = new LinkedHashMap<>();
		numbered.put(2, "two");
		List<Object> values = this.codec.toJsonValues("j", 7L, 5_000_000_000L, (short) 3, 0.1f, 2.5, "s", null,
				new Person("Ada", 36), numbered, List.of(1L, Map.of("k", 2L)), Locale.UK);
		assertThat(values).containsExactly(7, 5_000_000_000L, 3, 0.1, 2.5, "s", null, Map.of("name", "Ada", "age", 36),
				Map.of("2", "two"), List.of(1, Map.of("k", 2)), "en_GB");
		String payload = this.codec.encode(new Job("j", "q", values));
		assertThat(this.codec.decode(payload, null).args()).isEqualTo(values);
		assertThatThrownBy(() -> this.codec.toJsonValues("upload", new Object())).isInstanceOf(JobEncodingException.class)
			.hasMessageContaining("\"upload\"");
	}

	@Test
	void numbersBecomeWhatTheyAreReadBackAs() {
		List<Object> values = this.codec.toJsonValues("j", 2.0, 1e20, new BigDecimal("0.1"), new BigDecimal("42.50"),
				new BigDecimal("7"), new BigDecimal("1E+21"), BigInteger.TEN, List.of(1.5, new BigDecimal("0.10")));
		assertThat(values).containsExactly(2, new BigInteger("100000000000000000000"), 0.1, new BigDecimal("42.50"), 7,
				1e21, 10, List.of(1.5, new BigDecimal("0.10")));
		assertThat(this.codec.decode(this.codec.encode(new Job("j", "q", values)), null).args()).isEqualTo(values);
	}

	@Test
	void writesMapsWithNonStringKeysAsJacksonNamesThem() {
		Map<Object, Object> map = new LinkedHashMap<>();
		map.put(10, "a");
		map.put(2, "b");
		assertThat(args(map)).isEqualTo("[{\"2\":\"b\",\"10\":\"a\"}]");
		assertThat(args(List.of(Map.of("x", new Person("Bo", 1))))).isEqualTo("[[{\"x\":{\"name\":\"Bo\",\"age\":1}}]]");
	}

	@Test
	void rejectsContentAfterThePayload() {
		assertThatThrownBy(() -> this.codec.decode("{\"class\":\"a\",\"queue\":\"q\",\"args\":[]} {}", null))
			.isInstanceOf(InvalidPayloadException.class)
			.hasMessageContaining("not valid JSON");
		assertThatThrownBy(() -> this.codec.decode("{\"class\":\"a\",\"queue\":\"q\",\"args\":[1,]}", null))
			.isInstanceOf(InvalidPayloadException.class)
			.hasMessageContaining("not valid JSON");
		assertThatThrownBy(() -> this.codec.decode("", "q")).isInstanceOf(InvalidPayloadException.class);
		assertThatThrownBy(() -> this.codec.decode("{\"class\":7,\"queue\":\"q\"}", null))
			.isInstanceOf(InvalidPayloadException.class)
			.hasMessageContaining("no \"class\"");
	}

	@Test
	void decodesUnknownFieldsAndNestedValues() {
		Job job = this.codec.decode("{\"class\":\"a\",\"trace\":{\"traceparent\":\"00-x\"},\"queue\":\"q\","
				+ "\"args\":[{\"b\":[1,{\"c\":null}],\"a\":false},[],\"\\u00e9\"],\"extra\":[1,[2]]}", null);
		Map<String, Object> first = new LinkedHashMap<>();
		first.put("b", List.of(1, Collections.singletonMap("c", null)));
		first.put("a", false);
		assertThat(job).isEqualTo(new Job("a", "q", List.of(first, List.of(), "é")));
	}

	@Test
	void readsTheTraceContextOfAPayloadAndOnlyItsOwn() {
		Map<String, String> trace = new LinkedHashMap<>();
		trace.put("traceparent", "00-abc-def-01");
		trace.put("b3", "x");
		Job job = Job.of("q", "j", Map.of("trace", Map.of("traceparent", "not this one")), "\"trace\":");
		String payload = this.codec.encode(job, trace);
		assertThat(this.codec.traceOf(payload)).isEqualTo(trace);
		assertThat(this.codec.decode(payload, null)).isEqualTo(job);
		assertThat(this.codec.traceOf(this.codec.encode(job))).isEmpty();
		assertThat(this.codec.traceOf("{\"trace\":{\"a\":1,\"b\":\"2\"}}")).containsExactly(Map.entry("b", "2"));
		assertThat(this.codec.traceOf("{\"trace\": broken")).isEmpty();
	}

	private String args(Object... values) {
		String encoded = this.codec.encode(new Job("j", "q", Arrays.asList(values)));
		return encoded.substring("{\"class\":\"j\",\"queue\":\"q\",\"args\":".length(), encoded.length() - 1);
	}

	record Person(String name, int age) {
	}

}
