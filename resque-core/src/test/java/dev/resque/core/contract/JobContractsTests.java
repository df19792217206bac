package dev.resque.core.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Job contracts against a real Redis: the schema generated for a range of signatures, its publication under
 * {@code <ns>:schemas:<job>}, and raw enqueues checked against it, the ones that do not fit refused with nothing
 * enqueued.
 */
class JobContractsTests {

	private final LettuceConnectionFactory factory = RedisConnections.connectionFactory(TestRedis.get());

	private final StringRedisTemplate redis = new StringRedisTemplate(this.factory);

	private final String ns = TestRedis.newNamespace("Contracts");

	private final ResqueKeys keys = new ResqueKeys(this.ns);

	private final JobCodec codec = new JobCodec();

	private final JobContracts contracts = new JobContracts(new RedisCalls(this.factory), this.keys, this.codec);

	private final ResqueTemplate resque = new ResqueTemplate(this.factory, this.keys, this.codec);

	@AfterEach
	void tearDown() {
		RedisConnections.deleteNamespace(this.redis, this.ns);
		this.factory.destroy();
	}

	enum Plan {
		FREE, PRO
	}

	record Address(String street, int number, Optional<String> floor) {
	}

	record Order(String id, List<Address> stops, Map<String, Integer> counts, BigDecimal total) {
	}

	@ResqueJob(name = "SignUp", queue = "mail")
	static class SignUp {

		public void perform(String email, Locale locale, Plan plan, int age, long reference, boolean news, double score,
				Instant at, LocalDate day) {
		}

	}

	@ResqueJob(name = "Ship", queue = "orders")
	static class Ship {

		public void perform(Order order, Integer priority) {
		}

	}

	@ResqueJob(name = "Notify", queue = "mail")
	static class Notify {

		public void perform(String who) {
		}

		public void perform(String who, int times, String... channels) {
		}

	}

	@ResqueJob(name = "Anything", queue = "raw")
	static class Anything {

		public void perform(List<Object> args) {
		}

	}

	@Test
	@SuppressWarnings("unchecked")
	void scalarsLocalesEnumsAndTimesAreTypedAsTheBinderReadsThem() {
		JobContract contract = this.contracts.contractOf(JobDefinition.of(SignUp.class));
		Map<String, Object> schema = contract.schema();
		assertThat(schema).containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema")
			.containsEntry("title", "SignUp")
			.containsEntry("type", "array")
			.containsEntry("minItems", 9)
			.containsEntry("maxItems", 9)
			.containsEntry("x-resque-queue", "mail");
		assertThat(contract.parameters()).containsExactly("email", "locale", "plan", "age", "reference", "news", "score", "at", "day");
		List<Map<String, Object>> items = (List<Map<String, Object>>) schema.get("prefixItems");
		assertThat(items).extracting((item) -> item.get("title") + " " + item.get("type"))
			.containsExactly("email [string, null]", "locale [string, null]", "plan [string, null]", "age integer",
					"reference integer", "news boolean", "score number", "at [string, null]", "day [string, null]");
		assertThat(items.get(2).get("enum")).isEqualTo(java.util.Arrays.asList("FREE", "PRO", null));
		assertThat(items.get(7)).containsEntry("format", "date-time");
		assertThat(items.get(8)).containsEntry("format", "date");
		assertThat(contract.version()).hasSize(12);
		assertThat(contract.json()).startsWith("{\"$schema\":").contains("\"x-resque-version\":\"" + contract.version() + "\"");
	}

	@Test
	@SuppressWarnings("unchecked")
	void recordsListsMapsAndOptionalsNest() {
		Map<String, Object> schema = this.contracts.contractOf(JobDefinition.of(Ship.class)).schema();
		Map<String, Object> order = ((List<Map<String, Object>>) schema.get("prefixItems")).get(0);
		assertThat(order).containsEntry("type", List.of("object", "null"));
		Map<String, Object> properties = (Map<String, Object>) order.get("properties");
		assertThat(properties).containsOnlyKeys("id", "stops", "counts", "total");
		Map<String, Object> stops = (Map<String, Object>) properties.get("stops");
		Map<String, Object> address = (Map<String, Object>) stops.get("items");
		assertThat(address).containsEntry("required", List.of("number"));
		assertThat(((Map<String, Object>) address.get("properties")).get("floor"))
			.isEqualTo(Map.of("anyOf", List.of(Map.of("type", List.of("string", "null")), Map.of("type", "null"))));
		assertThat(((Map<String, Object>) properties.get("counts")).get("additionalProperties"))
			.isEqualTo(Map.of("type", List.of("integer", "null")));
		assertThat(properties.get("total")).isEqualTo(Map.of("type", List.of("number", "null")));
	}

	@Test
	@SuppressWarnings("unchecked")
	void severalPerformMethodsAreAlternativesAndRawArgumentsTakeAnything() {
		Map<String, Object> notify = this.contracts.contractOf(JobDefinition.of(Notify.class)).schema();
		List<Map<String, Object>> variants = (List<Map<String, Object>>) notify.get("anyOf");
		assertThat(variants).hasSize(2);
		assertThat(variants.get(0)).containsEntry("minItems", 1).containsEntry("maxItems", 1);
		assertThat(variants.get(1)).containsEntry("minItems", 2).doesNotContainKey("maxItems")
			.containsEntry("items", Map.of("type", List.of("string", "null")));
		assertThat(this.contracts.contractOf(JobDefinition.of(Anything.class)).schema()).containsEntry("type", "array")
			.doesNotContainKeys("prefixItems", "minItems");
	}

	@Test
	void publishedContractsAreStoredPerJobAndTheirVersionFollowsTheSignature() {
		List<JobContract> published = this.contracts.publish(List.of(JobDefinition.of(SignUp.class), JobDefinition.of(Ship.class)));
		assertThat(this.redis.opsForValue().get(this.ns + ":schemas:SignUp")).isEqualTo(published.get(0).json());
		assertThat(this.contracts.all()).extracting(JobContract::job).containsExactly("Ship", "SignUp");
		// another instance, another codec: the same contract and version
		JobContracts other = new JobContracts(new RedisCalls(this.factory), this.keys, new JobCodec());
		assertThat(other.find("SignUp").orElseThrow().version()).isEqualTo(published.get(0).version());
		assertThat(other.find("Nobody")).isEmpty();
		assertThat(this.contracts.contractOf(JobDefinition.of(Notify.class)).version()).isNotEqualTo(published.get(0).version());
	}

	@Test
	void aRawEnqueueThatDoesNotFitIsRefusedWithTheReasonAndNothingIsEnqueued() {
		this.contracts.publish(List.of(JobDefinition.of(SignUp.class), JobDefinition.of(Ship.class), JobDefinition.of(Notify.class)));
		this.resque.setContracts(new JobContracts(new RedisCalls(this.factory), this.keys, this.codec));
		List<Object> fits = List.of("a@b.c", "en_GB", "PRO", 42, 7L, true, 0.5, "2026-12-01T10:00:00Z", "2026-12-01");
		assertThat(this.resque.enqueue("mail", "SignUp", fits).enqueued()).isTrue();

		assertThatThrownBy(() -> this.resque.enqueue("mail", "SignUp", List.of("a@b.c", "en_GB", "PRO", "forty-two", 7L, true, 0.5,
				"2026-12-01T10:00:00Z", "2026-12-01")))
			.isInstanceOf(JobContractException.class)
			.hasMessageContaining("argument[3] (age) should be integer but is a string (forty-two)")
			.hasMessageContaining("parameters [email, locale, plan, age");
		assertThat(this.redis.opsForZSet().zCard(this.keys.delayedSchedule())).isZero();
		assertThatThrownBy(() -> this.resque.enqueue("mail", "SignUp", List.of("a@b.c")))
			.hasMessageContaining("the arguments should hold at least 9 item(s) but holds 1");
		assertThatThrownBy(() -> this.resque.enqueue("mail", "SignUp", List.of("a@b.c", "en_GB", "GOLD", 42, 7L, true, 0.5,
				"2026-12-01T10:00:00Z", "2026-12-01")))
			.hasMessageContaining("argument[2] (plan) should be one of [FREE, PRO, null] but is (GOLD)");
		assertThatThrownBy(() -> this.resque.enqueue("orders", "Ship",
				List.of(Map.of("id", "o1", "stops", List.of(Map.of("street", "Main")), "counts", Map.of(), "total", 1), 1)))
			.hasMessageContaining("argument[0] (order).stops[0] lacks its field number");
		assertThatThrownBy(() -> this.resque.enqueue("mail", "Notify", List.of("ada", 2, "sms", 3)))
			.hasMessageContaining("argument[3] should be string or null but is an integer (3)");
		assertThat(this.resque.enqueue("mail", "Notify", List.of("ada", 2, "sms", "mail")).enqueued()).isTrue();
		// null binds to a reference parameter; a job that published nothing is not checked
		assertThat(this.resque.enqueue("orders", "Ship", java.util.Arrays.asList(null, null)).enqueued()).isTrue();
		assertThat(this.resque.enqueue("other", "FromRuby", List.of(1, "x")).enqueued()).isTrue();
		// however the job is built, and wherever it goes
		assertThatThrownBy(() -> this.resque.enqueue(Job.of("mail", "SignUp", "only one"))).isInstanceOf(JobContractException.class);
		assertThatThrownBy(() -> this.resque.enqueueIn(java.time.Duration.ofHours(1), "mail", "SignUp", List.of(1)))
			.isInstanceOf(JobContractException.class);
		assertThatThrownBy(() -> this.resque.enqueueAll(List.of(Job.of("mail", "Notify", "ok"), Job.of("mail", "Notify", 5))))
			.isInstanceOf(JobContractException.class);
		assertThat(this.resque.enqueue(SignUp.class, "b@c.d", Locale.UK, Plan.FREE, 30, 8L, false, 1.5,
				Instant.parse("2026-12-01T10:00:00Z"), LocalDate.parse("2026-12-01")).enqueued()).isTrue();

		assertThat(this.redis.opsForList().size(this.keys.queue("mail"))).isEqualTo(3);
		assertThat(this.redis.opsForList().size(this.keys.queue("orders"))).isOne();
	}

}
