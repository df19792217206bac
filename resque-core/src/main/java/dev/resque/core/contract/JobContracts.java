package dev.resque.core.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.resque.core.codec.InvalidPayloadException;
import dev.resque.core.codec.JobCodec;
import dev.resque.core.codec.JobIds;
import dev.resque.core.job.Job;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.redis.RedisCalls;
import dev.resque.core.redis.ResqueKeys;

/**
 * The published contracts of a namespace: each registered job writes the JSON Schema of its arguments to
 * {@code <ns>:schemas:<job>} at startup ({@link #publish}), where node-resque and Ruby producers can read it too;
 * {@link #check} refuses a job enqueued by name whose arguments do not fit its job's published schema. A contract
 * read is kept for {@code cacheFor}, so checking costs one read per job name and period, not one per enqueue.
 */
public final class JobContracts {

	private final RedisCalls calls;

	private final ResqueKeys keys;

	private final JobCodec codec;

	private final Clock clock;

	private final Duration cacheFor;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	public JobContracts(RedisCalls calls, ResqueKeys keys, JobCodec codec) {
		this(calls, keys, codec, Clock.systemUTC(), Duration.ofSeconds(30));
	}

	public JobContracts(RedisCalls calls, ResqueKeys keys, JobCodec codec, Clock clock, Duration cacheFor) {
		this.calls = calls;
		this.keys = keys;
		this.codec = codec;
		this.clock = clock;
		this.cacheFor = cacheFor;
	}

	/** The contract of a job as this version writes it, with its version. */
	public JobContract contractOf(JobDefinition job) {
		Map<String, Object> schema = new LinkedHashMap<>(JobSchemas.of(job));
		String version = JobIds.digest(this.codec.write(schema)).substring(0, 12);
		schema.put("x-resque-version", version);
		@SuppressWarnings("unchecked")
		List<String> parameters = (List<String>) schema.get("x-resque-parameters");
		return new JobContract(job.name(), version, parameters, schema, this.codec.write(schema));
	}

	/** Writes the contracts of these jobs, in one round trip; a job registered elsewhere keeps its own. */
	public List<JobContract> publish(Collection<JobDefinition> jobs) {
		List<JobContract> contracts = jobs.stream().map(this::contractOf).toList();
		if (!contracts.isEmpty()) {
			this.calls.pipeline("publish job contracts", (ops) -> contracts
				.forEach((contract) -> ops.opsForValue().set(this.keys.schema(contract.job()), contract.json())));
		}
		contracts.forEach((contract) -> this.cache.put(contract.job(), new Cached(Optional.of(contract), this.clock.instant())));
		return contracts;
	}

	/** A job's published contract, if any (read at most once per {@code cacheFor}). */
	public Optional<JobContract> find(String jobName) {
		Instant now = this.clock.instant();
		Cached cached = this.cache.get(jobName);
		if (cached != null && cached.readAt().plus(this.cacheFor).isAfter(now)) {
			return cached.contract();
		}
		String json = this.calls.call("read job contract", () -> this.calls.redis().opsForValue().get(this.keys.schema(jobName)));
		Optional<JobContract> contract = Optional.ofNullable(read(jobName, json));
		this.cache.put(jobName, new Cached(contract, now));
		return contract;
	}

	/** Every published contract, by job name: a SCAN of {@code schemas:*} and one read. */
	public List<JobContract> all() {
		String stem = this.keys.schemaPrefix();
		List<String> found = this.calls.scan("list job contracts", stem + "*").stream().sorted().toList();
		if (found.isEmpty()) {
			return List.of();
		}
		List<String> values = RedisCalls.orEmpty(this.calls.call("read job contracts",
				() -> this.calls.redis().opsForValue().multiGet(found)));
		List<JobContract> contracts = new ArrayList<>();
		for (int i = 0; i < found.size() && i < values.size(); i++) {
			JobContract contract = read(found.get(i).substring(stem.length()), values.get(i));
			if (contract != null) {
				contracts.add(contract);
			}
		}
		return contracts;
	}

	/**
	 * Refuses a job whose arguments do not fit its published contract; a job without one passes.
	 * @throws JobContractException naming the argument and what it should be
	 */
	public void check(Job job) {
		find(job.name()).ifPresent((contract) -> {
			String problem = SchemaCheck.problem(job.args(), contract.schema(), "argument");
			if (problem != null) {
				throw new JobContractException("Job " + job.name() + " " + job.args() + " does not fit the contract its job "
						+ "published (version " + contract.version() + ", parameters " + contract.parameters() + "): "
						+ problem.replaceFirst("^argument ", "the arguments "));
			}
		});
	}

	@SuppressWarnings("unchecked")
	private @Nullable JobContract read(String jobName, @Nullable String json) {
		if (json == null) {
			return null;
		}
		try {
			Object tree = this.codec.decodeArguments("[" + json + "]").get(0);
			if (!(tree instanceof Map<?, ?> map)) {
				return null;
			}
			Map<String, Object> schema = (Map<String, Object>) map;
			List<String> parameters = (schema.get("x-resque-parameters") instanceof List<?> names)
					? names.stream().map(String::valueOf).toList() : List.of();
			return new JobContract(jobName, String.valueOf(schema.getOrDefault("x-resque-version", "")), parameters, schema,
					json);
		}
		catch (InvalidPayloadException ex) {
			return null;
		}
	}

	private record Cached(Optional<JobContract> contract, Instant readAt) {

	}

}
