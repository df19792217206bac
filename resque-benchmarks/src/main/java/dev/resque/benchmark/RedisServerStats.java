package dev.resque.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the Redis server did over a measured phase, read from {@code INFO all} before and after: commands
 * executed (those run inside scripts and transactions included, as {@code INFO commandstats} counts them),
 * requests read from clients (about one per round trip; pipelined commands arrive in one read), the summed
 * {@code usec} of {@code INFO commandstats} (a script's or transaction's time includes the commands it runs,
 * so this counts them twice, as the server reports it) and the server's process CPU time.
 */
record RedisServerStats(long calls, long usec, long reads, double cpuSeconds) {

	static RedisServerStats read(StringRedisTemplate redis) {
		Properties info = redis.execute((RedisCallback<Properties>) (RedisConnection connection) -> connection
			.serverCommands()
			.info("all"));
		long calls = 0;
		long usec = 0;
		for (String name : info.stringPropertyNames()) {
			// the benchmark's own INFO calls are not the workload's
			if (name.startsWith("cmdstat_") && !name.equals("cmdstat_info")) {
				Map<String, String> fields = fields(info.getProperty(name));
				calls += Long.parseLong(fields.getOrDefault("calls", "0"));
				usec += Long.parseLong(fields.getOrDefault("usec", "0"));
			}
		}
		long reads = Long.parseLong(info.getProperty("total_reads_processed", "0").trim());
		double cpu = Double.parseDouble(info.getProperty("used_cpu_user", "0").trim())
				+ Double.parseDouble(info.getProperty("used_cpu_sys", "0").trim());
		return new RedisServerStats(calls, usec, reads, cpu);
	}

	/** Per job, from this reading (before) to a later one; the later INFO's own request is not counted. */
	Map<String, Double> perJob(RedisServerStats after, int jobs) {
		Map<String, Double> perJob = new LinkedHashMap<>();
		perJob.put("redis_calls_per_job", (after.calls - this.calls) / (double) jobs);
		perJob.put("redis_reads_per_job", (after.reads - this.reads - 1) / (double) jobs);
		perJob.put("redis_usec_per_job", (after.usec - this.usec) / (double) jobs);
		perJob.put("redis_cpu_us_per_job", (after.cpuSeconds - this.cpuSeconds) * 1e6 / jobs);
		return perJob;
	}

	private static Map<String, String> fields(String value) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : value.trim().split(",")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				fields.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		return fields;
	}

}
