package dev.resque.interop;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.Job;
import dev.resque.core.job.ResqueJob;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Enqueue forms and queue administration of one side, seen from the other. */
class QueueAdminInteropTests extends InteropTestSupport {

	/** Expected trees, read as the Node scripts' answers are read. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void nodeReadsTypedEnqueues() {
		Greeting greeting = new Greeting("Welcome!", 2, List.of("Hello", "Grüße"));
		this.resque.enqueue(SendWelcomeMail.class, "a@b.c", Locale.UK, greeting);
		JsonNode expected = JSON.readTree("{\"class\":\"SendWelcomeMail\",\"queue\":\"mailers\",\"args\":"
				+ "[\"a@b.c\",\"en_GB\",{\"title\":\"Welcome!\",\"times\":2,\"lines\":[\"Hello\",\"Grüße\"]}]}");
		assertThat(this.node.queue("queued", "mailers", 0, -1)).containsExactly(expected);
		assertThat(this.node.queue("queues")).extracting(JsonNode::asString).containsExactly("mailers");

		Instant before = Instant.now();
		this.resque.enqueueIn(Duration.ofHours(1), SendWelcomeMail.class, "a@b.c", Locale.UK, greeting);
		JsonNode scheduled = this.node.queue("scheduledAt", "mailers", "SendWelcomeMail", expected.get("args"));
		assertThat(scheduled).singleElement()
			.extracting(JsonNode::asLong)
			.satisfies((second) -> assertThat(Instant.ofEpochSecond(second))
				.isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)).plusSeconds(1)));
	}

	@Test
	void nodeReadsJobsWeEnqueuedInBulk() {
		Job first = Job.of("math", "add", 1, 2);
		Job second = Job.of("mailers", "SendWelcomeMail", "a@b.c", "en_GB");
		Job third = Job.of("math", "add", 3, 4);
		assertThat(this.resque.enqueueAll(List.of(first, second, third)).stream().filter((result) -> result.enqueued()).count()).isEqualTo(3);
		assertThat(this.node.queue("queued", "math", 0, -1)).containsExactly(asNodeSees(first), asNodeSees(third));
		assertThat(this.node.queue("queued", "mailers", 0, -1)).containsExactly(asNodeSees(second));
		assertThat(this.node.queue("queues")).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder("math", "mailers");
	}

	@Test
	void weReadNodeJobsWithASingleOrNoArgument() {
		// node-resque wraps an argument that is not an array in one
		this.node.queue("enqueue", "misc", "echo", "solo");
		this.node.queue("enqueue", "misc", "echo");
		assertThat(this.admin.queues().jobs("misc", 0, -1)).containsExactly(Job.of("misc", "echo", "solo"),
				Job.of("misc", "echo"));
		assertThat(this.admin.queues().remove("misc", "echo", List.of())).isEqualTo(1);
		assertThat(this.admin.queues().remove("misc", "echo", List.of("solo"))).isEqualTo(1);
		assertThat(this.node.queue("length", "misc").asInt()).isZero();
	}

	@Test
	void eachSideDeletesTheOthersQueues() {
		this.node.queue("enqueue", "fromNode", "add", List.of(1, 2));
		this.resque.enqueue("fromJava", "add", List.of(1, 2));
		this.admin.queues().delete("fromNode");
		assertThat(this.node.queue("queues")).extracting(JsonNode::asString).containsExactly("fromJava");
		assertThat(this.node.queue("length", "fromNode").asInt()).isZero();
		this.node.queue("delQueue", "fromJava");
		assertThat(this.admin.queues().names()).isEmpty();
		assertThat(this.admin.queues().length("fromJava")).isZero();
	}

	@Test
	void eachSideDeletesAGivenNumberOfCopiesTheOtherEnqueued() {
		for (int i = 0; i < 3; i++) {
			this.node.queue("enqueue", "math", "add", List.of(1, 2));
			this.resque.enqueue("math", "add", List.of(1, 2));
		}
		this.resque.enqueue("math", "add", List.of(2, 1));
		assertThat(this.admin.queues().remove("math", "add", List.of(1, 2), 2)).isEqualTo(2);
		assertThat(this.node.queue("length", "math").asInt()).isEqualTo(5);
		assertThat(this.node.queue("del", "math", "add", List.of(1, 2), 3).asInt()).isEqualTo(3);
		assertThat(this.admin.queues().jobs("math", 0, -1)).containsExactly(Job.of("math", "add", 1, 2),
				Job.of("math", "add", 2, 1));
	}

	@Test
	void weReadAndDeleteAJobNodeScheduledAtSeveralTimes() {
		Instant first = Instant.parse("2030-01-01T00:00:10Z");
		Instant second = first.plusSeconds(3600);
		Instant other = first.plusSeconds(60);
		this.node.queue("enqueueAt", second.toEpochMilli(), "reports", "build", List.of("daily", 7));
		this.node.queue("enqueueAt", first.toEpochMilli(), "reports", "build", List.of("daily", 7));
		this.node.queue("enqueueAt", other.toEpochMilli(), "reports", "build", List.of("weekly", 1));
		assertThat(this.admin.delayed().scheduledAt("reports", "build", List.of("daily", 7))).containsExactly(first, second);
		assertThat(this.admin.delayed().timestamps()).containsExactly(first, other, second);
		assertThat(this.admin.delayed().all()).containsOnlyKeys(first, other, second)
			.containsEntry(other, List.of(Job.of("reports", "build", "weekly", 1)));

		assertThat(this.admin.delayed().remove("reports", "build", List.of("daily", 7))).containsExactly(first, second);
		assertThat(this.node.queue("scheduledAt", "reports", "build", List.of("daily", 7))).isEmpty();
		assertThat(this.node.queue("timestamps")).extracting(JsonNode::asLong).containsExactly(other.toEpochMilli());
		assertThat(this.node.queue("allDelayed").propertyNames()).containsExactly(Long.toString(other.toEpochMilli()));
	}

	@Test
	void nodeDeletesAJobWeScheduledAtSeveralTimes() {
		Instant first = Instant.parse("2030-01-01T00:00:10Z");
		Instant second = first.plusSeconds(3600);
		this.resque.enqueueAt(first, "reports", "build", List.of("daily", 7));
		this.resque.enqueueAt(second, "reports", "build", List.of("daily", 7));
		assertThat(this.node.queue("delDelayed", "reports", "build", List.of("daily", 7)))
			.extracting(JsonNode::asLong)
			.containsExactlyInAnyOrder(first.getEpochSecond(), second.getEpochSecond());
		// node-resque leaves the times in the schedule for its scheduler to clean up
		assertThat(this.admin.delayed().timestamps()).isEmpty();
		assertThat(this.admin.delayed().all()).isEmpty();
		assertThat(this.admin.delayed().scheduledAt("reports", "build", List.of("daily", 7))).isEmpty();
	}

	record Greeting(String title, int times, List<String> lines) {
	}

	@ResqueJob(queue = "mailers")
	static class SendWelcomeMail {

		public void perform(String email, Locale locale, Greeting greeting) {
		}

	}

}
