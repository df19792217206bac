package dev.resque.interop;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Deleting, finding and de-duplicating jobs compare payload bytes, so a job written by ResqueTemplate must be the
 * exact bytes node-resque writes for the same queue, name and arguments.
 */
class WireFormatInteropTests extends InteropTestSupport {

	/** A second namespace where node-resque writes what ResqueTemplate writes in {@link #ns}. */
	private String nodeNs;

	@AfterEach
	void cleanUpNodeNamespace() {
		if (this.nodeNs != null) {
			RedisConnections.deleteNamespace(redis, this.nodeNs);
		}
	}

	static Stream<Arguments> arguments() {
		return Stream.of(args("no arguments"),
				args("plain strings", "a@b.c", "", "two words"),
				args("quotes, slashes and backslashes", "say \"hi\"", "a/b/c", "</script>", "C:\\temp\\x"),
				args("non-ASCII text", "é ü ß", "日本語", "✓", "😀 emoji"),
				args("control characters", "\n\r\t", "\b\f", "\u0000\u0001\u001f", "\u007f", "line\u2028separator"),
				args("integers", 0, -1, 42, Integer.MAX_VALUE, Integer.MIN_VALUE, 9_007_199_254_740_992L),
				args("doubles", 1.5, 0.1, -2.25, 123456789.123, 1.0 / 3),
				args("whole doubles", 1.0, -0.0, 100.0, 1e20),
				args("doubles in exponent form", 1e21, 1e-7, -2.5e-8, 1.2345e-300, Double.MAX_VALUE),
				args("booleans and null", true, false, null),
				args("nested lists and maps", List.of(1, List.of("two", List.of(3.5))), nested(), List.of(), Map.of()),
				args("map keys with escapes", map("quote\"key", 1, "slash/key", 2, "ключ", 3)));
	}

	private static Arguments args(String description, Object... values) {
		return Arguments.of(description, Arrays.asList(values));
	}

	private static Map<String, Object> nested() {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("zeta", List.of(1, 2.5, -3));
		inner.put("alpha", null);
		inner.put("flag", false);
		return map("user", map("name", "Zoë", "tags", List.of("a", "b")), "inner", inner, "count", 3);
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("arguments")
	void queuedJobIsTheSameBytesAsNodeResqueWrites(String description, List<Object> args) {
		this.resque.enqueue("bytes", "echo", args);
		this.node.queue("enqueue", "bytes", "echo", args);
		List<String> entries = redis.opsForList().range(this.keys.queue("bytes"), 0, -1);
		assertThat(entries).hasSize(2);
		assertThat(entries.get(0)).as("written by ResqueTemplate").isEqualTo(entries.get(1));
		// tracked, the same bytes with the job's id as a last field; node-resque reads the job as before
		String id = this.tracked.enqueue("bytes", "echo", args).jobId();
		String nodeBytes = entries.get(1);
		assertThat(redis.opsForList().index(this.keys.queue("bytes"), 2))
			.isEqualTo(nodeBytes.substring(0, nodeBytes.length() - 1) + ",\"id\":\"" + id + "\"}");
		assertThat(this.node.queue("queued", "bytes", 2, 2).get(0).get("args"))
			.isEqualTo(this.node.queue("queued", "bytes", 1, 1).get(0).get("args"));
		assertThat(this.admin.queues().remove("bytes", "echo", args)).isEqualTo(3);
	}

	/*
	 * JavaScript objects list integer-like keys ("0" to "4294967294") first, in ascending order, then the other
	 * keys in insertion order, and JSON.stringify writes them so; so must we, or node-resque could not find or
	 * delete such a job.
	 */
	@Test
	void mapKeysThatLookLikeArrayIndexesAreOrderedAsJavaScriptDoes() {
		List<Object> args = List.of(map("b", 1, "2", 2, "a", 3, "1", 4, "01", 5, "4294967295", 6, "10", 7));
		this.resque.enqueue("bytes", "echo", args);
		this.node.queue("enqueue", "bytes", "echo", args);
		List<String> entries = redis.opsForList().range(this.keys.queue("bytes"), 0, -1);
		assertThat(entries.get(1))
			.isEqualTo("{\"class\":\"echo\",\"queue\":\"bytes\",\"args\":[{\"1\":4,\"2\":2,\"10\":7,\"b\":1,\"a\":3,"
					+ "\"01\":5,\"4294967295\":6}]}");
		assertThat(entries.get(0)).as("written by ResqueTemplate").isEqualTo(entries.get(1));
	}

	/*
	 * JavaScript writes the shortest digits that identify a double (5e-324), while Java's shortest form keeps at
	 * least two digits (4.9E-324); they differ only for subnormal doubles.
	 */
	@Test
	void subnormalDoublesAreWrittenAsJavaScriptWritesThem() {
		List<Object> args = List.of(Double.MIN_VALUE, 1e-323);
		this.resque.enqueue("bytes", "echo", args);
		this.node.queue("enqueue", "bytes", "echo", args);
		List<String> entries = redis.opsForList().range(this.keys.queue("bytes"), 0, -1);
		assertThat(entries.get(1)).isEqualTo("{\"class\":\"echo\",\"queue\":\"bytes\",\"args\":[5e-324,1e-323]}");
		assertThat(entries.get(0)).as("written by ResqueTemplate").isEqualTo(entries.get(1));
	}

	@Test
	void enqueueWritesTheSameKeysAndValuesAsNodeResque() {
		NodeResque nodeOwn = nodeInOwnNamespace();
		List<Object> args = List.of("a@b.c", 1.5, nested());
		this.resque.enqueue("mailers", "SendWelcomeMail", args);
		this.resque.enqueue("mailers", "SendWelcomeMail", List.of());
		this.resque.enqueue("math", "add", List.of(1, 2));
		nodeOwn.queue("enqueue", "mailers", "SendWelcomeMail", args);
		nodeOwn.queue("enqueue", "mailers", "SendWelcomeMail", List.of());
		nodeOwn.queue("enqueue", "math", "add", List.of(1, 2));
		assertThat(contents(this.ns)).isEqualTo(contents(this.nodeNs)).containsKeys("queues", "queue:mailers");
	}

	@Test
	void enqueueAtWritesTheSameKeysAndValuesAsNodeResque() {
		NodeResque nodeOwn = nodeInOwnNamespace();
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		List<Object> args = List.of("a@b.c", 1.5, nested());
		this.resque.enqueueAt(at, "mailers", "SendWelcomeMail", args);
		this.resque.enqueueAt(at, "math", "add", List.of(1, 2));
		this.resque.enqueueAt(at.plusSeconds(60), "math", "add", List.of(1, 2));
		nodeOwn.queue("enqueueAt", at.toEpochMilli(), "mailers", "SendWelcomeMail", args);
		nodeOwn.queue("enqueueAt", at.toEpochMilli(), "math", "add", List.of(1, 2));
		nodeOwn.queue("enqueueAt", at.plusSeconds(60).toEpochMilli(), "math", "add", List.of(1, 2));
		assertThat(contents(this.ns)).isEqualTo(contents(this.nodeNs))
			.containsKeys("delayed_queue_schedule", "delayed:" + at.getEpochSecond(),
					"timestamps:{\"class\":\"add\",\"queue\":\"math\",\"args\":[1,2]}");
	}

	@Test
	void nodeResqueRefusesToScheduleAJobWeScheduledAtTheSameTime() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		List<Object> args = List.of("x", nested());
		assertThat(this.resque.enqueueAt(at, "math", "echo", args).enqueued()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> this.node.queue("enqueueAt", at.toEpochMilli(), "math",
				"echo", args)).withMessageContaining("Job already enqueued at this time with same arguments");
		assertThat(this.admin.delayed().at(at)).containsExactly(new Job("echo", "math", args));
	}

	@Test
	void weRefuseToScheduleAJobNodeResqueScheduledAtTheSameTime() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		List<Object> args = List.of("x", nested());
		this.node.queue("enqueueAt", at.toEpochMilli(), "math", "echo", args);
		assertThat(this.resque.enqueueAt(at, "math", "echo", args).enqueued()).isFalse();
		assertThat(this.admin.delayed().at(at)).containsExactly(new Job("echo", "math", args));
	}

	private NodeResque nodeInOwnNamespace() {
		this.nodeNs = TestRedis.newNamespace(getClass().getSimpleName() + "-node");
		return new NodeResque(redisServer.host(), redisServer.port(), redisServer.database(), this.nodeNs);
	}

	/**
	 * Every key of a namespace, without the namespace, with its value. node-resque's connection probe is left out:
	 * it says nothing about jobs.
	 */
	private static Map<String, Object> contents(String namespace) {
		Map<String, Object> contents = new TreeMap<>();
		String prefix = namespace + ":";
		try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
			keys.forEachRemaining((key) -> {
				String name = key.substring(prefix.length());
				if (!name.equals("connection_test_key")) {
					contents.put(name, value(key));
				}
			});
		}
		return contents;
	}

	private static Object value(String key) {
		DataType type = redis.type(key);
		return switch (type) {
			case STRING -> redis.opsForValue().get(key);
			case LIST -> redis.opsForList().range(key, 0, -1);
			case SET -> new TreeSet<>(redis.opsForSet().members(key));
			case ZSET -> redis.opsForZSet()
				.rangeWithScores(key, 0, -1)
				.stream()
				.map((entry) -> entry.getValue() + "=" + entry.getScore())
				.toList();
			case HASH -> new TreeMap<>(redis.<String, String>opsForHash().entries(key));
			default -> type;
		};
	}

}
