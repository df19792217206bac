package dev.resque.interop;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** node-resque's Queue and ResqueTemplate read and delete what the other wrote. */
class QueueInteropTests extends InteropTestSupport {

	private static List<Object> awkwardArgs() {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("zeta", List.of(1, 2.5, -3));
		nested.put("alpha", null);
		nested.put("path", "a/b\\c \"quoted\" é ✓ 😀\n");
		return java.util.Arrays.asList("text", 42, 1.5, 1e21, 0.1, true, null, nested, List.of(), Map.of());
	}

	@Test
	void nodeReadsJobsWeEnqueued() {
		Job job = new Job("echo", "math", awkwardArgs());
		this.resque.enqueue(job);
		this.resque.enqueue("math", "add", List.of(1, 2));
		this.resque.enqueue("other", "add", List.of());
		assertThat(this.node.queue("queued", "math", 0, -1)).containsExactly(asNodeSees(job),
				asNodeSees(Job.of("math", "add", 1, 2)));
		assertThat(this.node.queue("length", "math").asInt()).isEqualTo(2);
		assertThat(this.node.queue("queues")).extracting(JsonNode::asString).containsExactlyInAnyOrder("math", "other");
	}

	@Test
	void sameJobIsTheSameBytesFromBothSides() {
		this.node.queue("enqueue", "node", "echo", awkwardArgs());
		this.resque.enqueue("java", "echo", awkwardArgs());
		String fromNode = redis.opsForList().index(this.ns + ":queue:node", 0);
		String fromJava = redis.opsForList().index(this.ns + ":queue:java", 0);
		assertThat(fromJava.replace("\"queue\":\"java\"", "\"queue\":\"node\"")).isEqualTo(fromNode);
	}

	@Test
	void weReadJobsNodeEnqueued() {
		this.node.queue("enqueue", "math", "echo", awkwardArgs());
		this.node.queue("enqueue", "math", "add", List.of(1, 2));
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(new Job("echo", "math", awkwardArgs()),
				Job.of("math", "add", 1, 2));
		assertThat(this.admin.queues().length("math")).isEqualTo(2);
		assertThat(this.admin.queues().names()).containsExactly("math");
	}

	@Test
	void nodeReadsJobsWeDelayed() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		this.resque.enqueueAt(at, "math", "add", List.of(1, 2));
		this.resque.enqueueAt(at.plusSeconds(10), "math", "add", List.of(3, 4));
		long ms = at.toEpochMilli();
		assertThat(this.node.queue("scheduledAt", "math", "add", List.of(1, 2))).extracting(JsonNode::asLong)
			.containsExactly(at.getEpochSecond());
		assertThat(this.node.queue("timestamps")).extracting(JsonNode::asLong).containsExactly(ms, ms + 10_000);
		JsonNode delayedAt = this.node.queue("delayedAt", ms);
		assertThat(delayedAt.get("tasks")).containsExactly(asNodeSees(Job.of("math", "add", 1, 2)));
		JsonNode all = this.node.queue("allDelayed");
		assertThat(all.get(Long.toString(ms + 10_000))).containsExactly(asNodeSees(Job.of("math", "add", 3, 4)));
	}

	@Test
	void weReadJobsNodeDelayed() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		this.node.queue("enqueueAt", at.toEpochMilli(), "math", "add", List.of(1, 2));
		this.node.queue("enqueueAt", at.toEpochMilli(), "math", "echo", awkwardArgs());
		assertThat(this.admin.delayed().scheduledAt("math", "add", List.of(1, 2))).containsExactly(at);
		assertThat(this.admin.delayed().scheduledAt("math", "echo", awkwardArgs())).containsExactly(at);
		assertThat(this.admin.delayed().timestamps()).containsExactly(at);
		assertThat(this.admin.delayed().at(at)).containsExactly(Job.of("math", "add", 1, 2), new Job("echo", "math", awkwardArgs()));
		assertThat(this.admin.delayed().all()).containsOnlyKeys(at);
	}

	@Test
	void weDeleteWhatNodeEnqueuedAndDelayed() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		this.node.queue("enqueue", "math", "echo", awkwardArgs());
		this.node.queue("enqueue", "math", "add", List.of(1, 2));
		this.node.queue("enqueueAt", at.toEpochMilli(), "math", "echo", awkwardArgs());
		assertThat(this.admin.queues().remove("math", "echo", awkwardArgs())).isEqualTo(1);
		assertThat(this.admin.delayed().remove("math", "echo", awkwardArgs())).containsExactly(at);
		assertThat(this.node.queue("length", "math").asInt()).isEqualTo(1);
		assertThat(this.node.queue("scheduledAt", "math", "echo", awkwardArgs())).isEmpty();
		assertThat(this.node.queue("allDelayed")).isEmpty();
	}

	@Test
	void nodeDeletesWhatWeEnqueuedAndDelayed() {
		Instant at = Instant.parse("2030-01-01T00:00:10Z");
		this.resque.enqueue("math", "echo", awkwardArgs());
		this.resque.enqueueAt(at, "math", "echo", awkwardArgs());
		assertThat(this.node.queue("del", "math", "echo", awkwardArgs()).asInt()).isEqualTo(1);
		assertThat(this.node.queue("delDelayed", "math", "echo", awkwardArgs())).extracting(JsonNode::asLong)
			.containsExactly(at.getEpochSecond());
		assertThat(this.admin.queues().length("math")).isZero();
		assertThat(this.admin.delayed().scheduledAt("math", "echo", awkwardArgs())).isEmpty();
	}

	@Test
	void statsAndLocksReadTheSameOnBothSides() {
		redis.opsForValue().set(this.ns + ":stat:processed", "7");
		redis.opsForValue().set(this.ns + ":stat:failed", "2");
		redis.opsForValue().set(this.ns + ":stat:processed:host:1+1", "7");
		redis.opsForValue().set(this.ns + ":lock:uniqueJob:q:[1]", "123");
		JsonNode stats = this.node.queue("stats");
		assertThat(stats.get("processed").asString()).isEqualTo("7");
		assertThat(stats.get("processed:host:1+1").asString()).isEqualTo("7");
		assertThat(this.admin.stats().processed()).isEqualTo(7);
		assertThat(this.admin.stats().workers().get("host:1+1").processed()).isEqualTo(7);
		assertThat(this.node.queue("locks").get("lock:uniqueJob:q:[1]").asString()).isEqualTo("123");
		assertThat(this.admin.locks().all()).containsEntry("lock:uniqueJob:q:[1]", "123");
	}

}
