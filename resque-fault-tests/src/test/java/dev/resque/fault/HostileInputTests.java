package dev.resque.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.event.ResqueJobListener;
import dev.resque.core.worker.ResqueWorkerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payloads no well-behaved client writes, put straight into Redis: each lands in the failed queue as a valid JSON
 * record with a reason (bytes that are not UTF-8 kept exactly, in base64), is counted, and the worker lives on.
 */
class HostileInputTests extends FaultTestSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void everyMalformedPayloadIsFailedWithAReasonAndItsBytesKept() {
		Random random = new Random(42);
		List<byte[]> bad = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			byte[] noise = new byte[64];
			random.nextBytes(noise);
			noise[0] = (byte) 0xff;
			bad.add(noise);
		}
		byte[] badByte = "{\"class\":\"Recorded\",\"queue\":\"q\",\"args\":[\"a?\",1]}".getBytes(StandardCharsets.UTF_8);
		badByte[31] = (byte) 0xff;
		bad.add(badByte);
		bad.add(new byte[0]);
		bad.add("   ".getBytes(StandardCharsets.UTF_8));
		bad.add(("{\"class\":\"Recorded\",\"queue\":\"q\",\"args\":[\"" + "x".repeat(2_000_000) + "\",1]}")
			.getBytes(StandardCharsets.UTF_8));
		bad.add(("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
		bad.add("{\"class\":1,\"queue\":\"q\",\"args\":[]}".getBytes(StandardCharsets.UTF_8));
		bad.add("{\"class\":\"Recorded\",\"queue\":\"q\",\"args\":[\"a\",\"not a number\"]}".getBytes(StandardCharsets.UTF_8));
		bad.add("{\"class\":\"Nobody\",\"queue\":\"q\",\"args\":[]}".getBytes(StandardCharsets.UTF_8));
		bad.add("{\"class\":\"Recorded\",\"queue\":\"q\",\"args\":[\"a\",1]} trailing".getBytes(StandardCharsets.UTF_8));
		bad.add("null".getBytes(StandardCharsets.UTF_8));
		bad.add("{\"class\":\"Recorded\",\"queue\":\"q\",\"args\":[".getBytes(StandardCharsets.UTF_8));
		for (byte[] payload : bad) {
			rpush(this.keys.queue("q"), payload);
		}
		this.resque.enqueue("q", "Recorded", List.of("good", 0));
		startWorkers(2);

		await().atMost(Duration.ofSeconds(30)).until(() -> this.job.runs.containsKey("good"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.failures().count() == bad.size());
		assertThat(this.admin.stats().failed()).isEqualTo(bad.size());
		List<byte[]> records = lrange(this.keys.failed());
		assertThat(records).hasSize(bad.size());
		for (int i = 0; i < records.size(); i++) {
			String text = new String(records.get(i), StandardCharsets.UTF_8);
			JsonNode record = json.readTree(text);
			assertThat(record.get("exception").asString()).isNotBlank();
			assertThat(record.get("error").asString()).isNotBlank();
			assertThat(record.get("worker").asString()).isNotBlank();
			byte[] kept = record.has("payload_base64") ? Base64.getDecoder().decode(record.get("payload_base64").asString())
					: keptPayload(record);
			assertThat(bad).as("record %s keeps the payload's bytes", i).anySatisfy((payload) -> assertThat(kept).isEqualTo(payload));
		}
		assertThat(errors()).anySatisfy((error) -> assertThat(error).contains("not valid UTF-8"))
			.anySatisfy((error) -> assertThat(error).contains("more than the limit of 1048576 bytes"))
			.anySatisfy((error) -> assertThat(error).contains("No job named \"Nobody\""))
			.anySatisfy((error) -> assertThat(error).contains("cannot be bound"))
			.anySatisfy((error) -> assertThat(error).contains("no \"class\""));
		assertThat(this.container.problems()).isEmpty();
		assertThat(this.admin.workers().registered()).hasSize(2);
		assertThat(this.admin.queues().length("q")).isZero();
	}

	@Test
	void aDeadWorkersRecordThatIsNotUtf8IsRecoveredByteForByte() {
		byte[] payload = "{\"class\":\"Recorded\",\"queue\":\"q\",\"args\":[\"\u00e9\",1]}".getBytes(StandardCharsets.UTF_8);
		payload[payload.length - 6] = (byte) 0xff;
		String dead = "deadhost:1-00000000+1";
		Instant longAgo = Instant.now().minusSeconds(120);
		JobCodec codec = new JobCodec();
		byte[] record = concat(codec.workingOnStart(longAgo) + JobCodec.quote("q") + codec.workingOnMiddle(dead), payload, "}");
		this.redis.opsForSet().add(this.keys.workers(), dead + ":q");
		this.redis.opsForValue().set(this.keys.workerPing(dead), codec.ping(longAgo, dead, "q"));
		set(this.keys.worker(dead + ":q"), record);

		scheduler(List.of()).start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.workers().registered().isEmpty());
		assertThat(lrange(this.keys.queue("q"))).singleElement().isEqualTo(payload);
		assertThat(this.redis.hasKey(this.keys.workerPing(dead))).isFalse();
		assertThat(this.redis.hasKey(this.keys.worker(dead + ":q"))).isFalse();

		startWorkers(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.admin.failures().count() == 1);
		JsonNode failed = json.readTree(new String(lrange(this.keys.failed()).get(0), StandardCharsets.UTF_8));
		assertThat(Base64.getDecoder().decode(failed.get("payload_base64").asString())).isEqualTo(payload);
		assertThat(failed.get("payload").isNull()).isTrue();
	}

	@Test
	void aWorkingOnRecordNotInTheWorkersFormIsFailedAsItWas() {
		startWorkers(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.admin.workers().registered().size() == 1);
		String id = this.admin.workers().registered().get(0).id();
		set(this.keys.worker(id), "not a record".getBytes(StandardCharsets.UTF_8));
		this.resque.enqueue("q", "Recorded", List.of("next", 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.job.runs.containsKey("next"));
		assertThat(this.admin.failures().count()).isEqualTo(1);
		JsonNode failed = json.readTree(new String(lrange(this.keys.failed()).get(0), StandardCharsets.UTF_8));
		assertThat(failed.get("error").asString()).contains("is not in the form this worker writes");
		assertThat(failed.get("payload").asString()).isEqualTo("not a record");
		assertThat(this.redis.hasKey(this.keys.worker(id))).isFalse();
	}

	@Test
	void aQueueKeyOfAnotherTypeIsSkippedNotAnErrorOnEveryTake() {
		this.redis.opsForSet().add(this.keys.queues(), "a-broken");
		this.redis.opsForValue().set(this.keys.queue("a-broken"), "not a list");
		workers(List.of("*"), 1, Duration.ofMillis(200), new ResqueJobListener() {
		}).start();
		this.resque.enqueue("q", "Recorded", List.of("behind-a-broken-queue", 0));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.job.runs.containsKey("behind-a-broken-queue"));
		assertThat(this.redis.opsForValue().get(this.keys.queue("a-broken"))).isEqualTo("not a list");
	}

	@Test
	void twentyThousandUnknownJobNamesMakeAFewMeters() {
		for (int i = 0; i < 20_000; i++) {
			this.resque.enqueue("q", "Unknown" + i, List.of());
		}
		startWorkers(2);
		await().atMost(Duration.ofSeconds(120)).until(() -> this.admin.failures().count() == 20_000);
		assertThat(this.meters.getMeters()).hasSizeLessThan(20);
		assertThat(this.meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTag("job")).isIn(null, "unknown"));
	}

	private void startWorkers(int concurrency) {
		ResqueWorkerContainer workers = workers(concurrency, Duration.ofMillis(200), new ResqueJobListener() {
		});
		workers.setMaxPayloadSize(1024 * 1024);
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
		workers.setObservationRegistry(observations);
		workers.start();
	}

	private List<String> errors() {
		return this.admin.failures().range(0, -1).stream().map((failed) -> failed.error()).toList();
	}

	private static byte[] keptPayload(JsonNode record) {
		JsonNode payload = record.get("payload");
		// a payload that was not JSON is kept as a JSON string holding it; JSON is embedded as it was
		return (payload.isString() ? payload.asString() : json.writeValueAsString(payload)).getBytes(StandardCharsets.UTF_8);
	}

	private void rpush(String key, byte[] value) {
		this.redis.execute((RedisCallback<Long>) (connection) -> connection.listCommands()
			.rPush(key.getBytes(StandardCharsets.UTF_8), value));
	}

	private void set(String key, byte[] value) {
		this.redis.execute((RedisCallback<Boolean>) (connection) -> connection.stringCommands()
			.set(key.getBytes(StandardCharsets.UTF_8), value));
	}

	private List<byte[]> lrange(String key) {
		return this.redis.execute((RedisCallback<List<byte[]>>) (connection) -> connection.listCommands()
			.lRange(key.getBytes(StandardCharsets.UTF_8), 0, -1));
	}

	private static byte[] concat(String start, byte[] middle, String end) {
		byte[] head = start.getBytes(StandardCharsets.UTF_8);
		byte[] tail = end.getBytes(StandardCharsets.UTF_8);
		byte[] out = new byte[head.length + middle.length + tail.length];
		System.arraycopy(head, 0, out, 0, head.length);
		System.arraycopy(middle, 0, out, head.length, middle.length);
		System.arraycopy(tail, 0, out, head.length + middle.length, tail.length);
		return out;
	}

}
