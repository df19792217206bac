package dev.resque.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.ResqueTemplate;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.WireDialect;
import dev.resque.core.enqueue.EnqueuePipeline;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobTracking;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisConnections;
import dev.resque.test.redis.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Both sides on one Redis and one namespace per test: ResqueTemplate here, node-resque in a node process. */
abstract class InteropTestSupport {

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	static final TestRedis redisServer = TestRedis.get();

	static LettuceConnectionFactory factory;

	static StringRedisTemplate redis;

	final JobCodec codec = new JobCodec(dialect());

	String ns;

	ResqueKeys keys;

	/**
	 * Our template with job tracking off: payloads exactly as Resque writes them, so that byte comparisons and
	 * node-resque's lookups by bytes are tested as they are.
	 */
	ResqueTemplate resque;

	/** Our template as an application has it by default: each payload ends with the job's id. */
	ResqueTemplate tracked;

	ResqueAdmin admin;

	NodeResque node;

	/** Whose bytes our side writes; node-resque's unless a test class says otherwise. */
	WireDialect dialect() {
		return WireDialect.NODE;
	}

	@BeforeAll
	static void connect() {
		factory = RedisConnections.connectionFactory(redisServer);
		redis = new StringRedisTemplate(factory);
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
	}

	@BeforeEach
	void bothSides() {
		this.ns = TestRedis.newNamespace(getClass().getSimpleName());
		this.keys = new ResqueKeys(this.ns);
		EnqueuePipeline untracked = EnqueuePipeline.plain(this.codec);
		untracked.setTracking(JobTracking.off());
		this.resque = new ResqueTemplate(new RedisCalls(factory), this.keys, untracked);
		this.tracked = new ResqueTemplate(factory, this.keys, this.codec);
		this.admin = new ResqueAdmin(factory, this.keys, this.codec);
		this.node = new NodeResque(redisServer.host(), redisServer.port(), redisServer.database(), this.ns);
	}

	@AfterEach
	void cleanUp() {
		RedisConnections.deleteNamespace(redis, this.ns);
	}

	/** A job as node-resque's Queue returns it. */
	/** The job as the Node scripts hand it back: its bytes read by a plain mapper, fractions as doubles. */
	JsonNode asNodeSees(Job job) {
		return PLAIN.readTree(this.codec.encode(job));
	}

}
