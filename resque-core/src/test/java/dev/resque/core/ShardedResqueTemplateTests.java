package dev.resque.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.contract.JobContractException;
import dev.resque.core.contract.JobContracts;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.job.EnqueueResult;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.ResqueJob;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jobs sent to the namespace their queue lives in, here two namespaces of one Redis standing for two masters. */
class ShardedResqueTemplateTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private String main;

	private String other;

	private ShardedResqueTemplate resque;

	private ResqueAdmin mainAdmin;

	private ResqueAdmin otherAdmin;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisConnections.connectionFactory(TestRedis.get());
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void twoNamespaces() {
		this.main = TestRedis.newNamespace("ShardMain");
		this.other = TestRedis.newNamespace("ShardOther");
		RedisCalls calls = new RedisCalls(connectionFactory);
		EnqueuePipeline pipeline = EnqueuePipeline.plain(new JobCodec());
		ResqueTemplate shard = new ResqueTemplate(calls, new ResqueKeys(this.other), pipeline);
		this.resque = new ShardedResqueTemplate(calls, new ResqueKeys(this.main), pipeline,
				Map.of("reports", shard, "exports", shard));
		this.mainAdmin = new ResqueAdmin(calls, new ResqueKeys(this.main), pipeline);
		this.otherAdmin = new ResqueAdmin(calls, new ResqueKeys(this.other), pipeline);
	}

	@AfterEach
	void clean() {
		RedisConnections.deleteNamespace(redis, this.main);
		RedisConnections.deleteNamespace(redis, this.other);
	}

	@Test
	void eachJobGoesToTheNamespaceOfItsQueue() {
		this.resque.enqueue("work", "Count", List.of(1));
		this.resque.enqueue("reports", "Count", List.of(2));
		this.resque.enqueueIn(Duration.ofMinutes(5), "exports", "Count", List.of(3));
		this.resque.enqueueIn(Duration.ofMinutes(5), "work", "Count", List.of(4));

		assertThat(this.mainAdmin.queues().lengths()).containsExactly(Map.entry("work", 1L));
		assertThat(this.otherAdmin.queues().lengths()).containsExactly(Map.entry("reports", 1L));
		assertThat(redis.opsForList().range(this.other + ":queue:reports", 0, -1)).singleElement()
			.satisfies((entry) -> assertThat(entry).startsWith("{\"class\":\"Count\",\"queue\":\"reports\",\"args\":[2]"));
		assertThat(this.mainAdmin.delayed().count()).isEqualTo(1);
		assertThat(this.otherAdmin.delayed().count()).isEqualTo(1);
	}

	@Test
	void enqueueAllSendsEachShardItsPartAndAnswersInTheJobsOrder() {
		List<Job> jobs = IntStream.range(0, 30)
			.mapToObj((n) -> this.resque.job((n % 3 == 0) ? "reports" : "work", "Count", List.of(n)))
			.toList();
		List<EnqueueResult> results = this.resque.enqueueAll(jobs);

		assertThat(results).hasSize(30).allSatisfy((result) -> assertThat(result.enqueued()).isTrue());
		assertThat(this.mainAdmin.queues().length("work")).isEqualTo(20);
		assertThat(this.otherAdmin.queues().length("reports")).isEqualTo(10);
		// each result is its job's: the id the payload on the job's shard carries
		for (int n = 0; n < 30; n++) {
			String key = ((n % 3 == 0) ? this.other + ":queue:reports" : this.main + ":queue:work");
			String id = results.get(n).jobId();
			String args = "\"args\":[" + n + "]";
			assertThat(redis.opsForList().range(key, 0, -1)).as("job %s", n)
				.anySatisfy((entry) -> assertThat(entry).contains(args).contains(id));
		}
	}

	@Test
	void aJobItsContractRefusesIsRefusedWhicheverShardItGoesToAndABulkSendsNothingAnywhere() {
		JobContracts contracts = new JobContracts(new RedisCalls(connectionFactory), new ResqueKeys(this.main),
				new JobCodec());
		contracts.publish(List.of(JobDefinition.of(Count.class)));
		this.resque.setContracts(contracts);
		assertThat(this.resque.enqueue("reports", "Count", List.of(1)).enqueued()).isTrue();
		assertThatThrownBy(() -> this.resque.enqueue("reports", "Count", List.of("one")))
			.isInstanceOf(JobContractException.class);
		assertThatThrownBy(() -> this.resque.enqueueIn(Duration.ofMinutes(1), "exports", "Count", List.of("one")))
			.isInstanceOf(JobContractException.class);
		assertThatThrownBy(() -> this.resque.enqueueAll(List.of(this.resque.job("work", "Count", List.of(2)),
				this.resque.job("reports", "Count", List.of("two")))))
			.isInstanceOf(JobContractException.class);
		assertThat(this.mainAdmin.queues().lengths()).isEmpty();
		assertThat(this.otherAdmin.queues().lengths()).containsExactly(Map.entry("reports", 1L));
		assertThat(this.otherAdmin.delayed().count()).isZero();
	}

	@ResqueJob(name = "Count", queue = "work")
	static class Count {

		public void perform(int n) {
		}

	}

	@Test
	void aBatchOverTwoShardsIsRefusedBeforeAnythingIsSent() {
		assertThatThrownBy(() -> this.resque.batch().enqueue((jobs) -> {
			jobs.add(this.resque.job("work", "Count", List.of(1)));
			jobs.add(this.resque.job("reports", "Count", List.of(2)));
		})).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("has jobs on queues of different shards [reports, work]");
		assertThat(this.mainAdmin.queues().lengths()).isEmpty();
		assertThat(this.otherAdmin.queues().lengths()).isEmpty();
	}

}
