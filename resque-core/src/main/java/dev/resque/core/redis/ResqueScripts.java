package dev.resque.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Lua scripts, loaded once from resource files. Each runs with EVALSHA (EVAL when the server does not know
 * it yet) and touches only the keys it is given in KEYS.
 */
public final class ResqueScripts {

	public static final RedisScript<Long> ENQUEUE = loadWithJobStatus("enqueue", Long.class);

	public static final RedisScript<Long> ENQUEUE_MANY = loadWithJobStatus("enqueue-many", Long.class);

	/** Replies {@code {1 or 0, id}}: whether it was scheduled, and the id of the job scheduled at that second. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static final RedisScript<List<Object>> ENQUEUE_AT = (RedisScript) loadWithJobStatus("enqueue-at",
			List.class);

	public static final RedisScript<Long> DEL = load("del", Long.class);

	public static final RedisScript<Long> REMOVE_QUEUED = loadWithJobStatus("remove-queued", Long.class);

	public static final RedisScript<Long> BATCH_ADD = loadWithJobStatus("batch-add", Long.class);

	public static final RedisScript<Long> BATCH_SEAL = loadWithJobStatus("batch-seal", Long.class);

	public static final RedisScript<Long> PUT_SCHEDULE = load("put-schedule", Long.class);

	/** Writes a value guarded by a fencing token. */
	public static final RedisScript<Long> FENCED_SET = load("fenced-set", Long.class);

	/** Moves an entry, by its bytes, from one list to another as a new value. */
	public static final RedisScript<Long> DOCTOR_REPLACE_ENTRY = load("doctor-replace-entry", Long.class);

	/** Removes a queue or a delayed time from its set when its list is gone. */
	public static final RedisScript<Long> DOCTOR_FORGET_MISSING_LIST = load("doctor-forget-missing-list", Long.class);


	public static final RedisScript<Long> REMOVE_SCHEDULE = load("remove-schedule", Long.class);

	public static final RedisScript<Long> FORGET_DELAYED = loadWithJobStatus("forget-delayed", Long.class);

	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static final RedisScript<List<String>> DEL_DELAYED = (RedisScript) load("del-delayed", List.class);

	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static final RedisScript<List<String>> ENQUEUE_DELAYED_NOW = (RedisScript) load("enqueue-delayed-now",
			List.class);

	public static final RedisScript<Long> DEL_QUEUE = load("del-queue", Long.class);

	public static final RedisScript<Long> RETRY_FAILED = loadWithJobStatus("retry-failed", Long.class);

	/** Run with {@link #executeRaw}: its replies are the payload's bytes. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static final RedisScript<List<byte[]>> WORK = (RedisScript) loadWithJobStatus("work", List.class);

	public static final RedisScript<Long> REQUEUE = loadWithJobStatus("requeue", Long.class);

	public static final RedisScript<Long> PROGRESS = loadWithJobStatus("progress", Long.class);

	public static final RedisScript<Long> PRUNE_HISTORY = loadWithJobStatus("prune-history", Long.class);

	public static final RedisScript<Long> RESUME_QUEUE = load("resume-queue", Long.class);

	public static final RedisScript<Long> RENEW_SLOTS = load("renew-slots", Long.class);

	public static final RedisScript<Long> ADD_STATS = load("add-stats", Long.class);

	public static final RedisScript<Long> TRIM_FAILED = load("trim-failed", Long.class);

	public static final RedisScript<Long> PING = load("ping", Long.class);

	public static final RedisScript<Long> REGISTER_WORKER = load("register-worker", Long.class);

	public static final RedisScript<Long> UNREGISTER_WORKER = load("unregister-worker", Long.class);

	public static final RedisScript<Long> ACQUIRE_LEADER = load("acquire-leader", Long.class);

	public static final RedisScript<Long> RELEASE_LEADER = load("release-leader", Long.class);

	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static final RedisScript<List<Long>> MOVE_DELAYED = (RedisScript) load("move-delayed", List.class);

	public static final RedisScript<Long> FAIL_DELAYED = load("fail-delayed", Long.class);

	public static final RedisScript<Long> DROP_SCHEDULE_MEMBER = load("drop-schedule-member", Long.class);

	public static final RedisScript<Long> CLEAN_WORKER = loadWithJobStatus("clean-worker", Long.class);

	public static final RedisScript<Long> FIRE_SCHEDULE = loadWithJobStatus("fire-schedule", Long.class);

	public static final RedisScript<Long> DROP_DELAYED = load("drop-delayed", Long.class);

	public static final RedisScript<Long> LOCK_ACQUIRE = load("lock-acquire", Long.class);

	public static final RedisScript<Long> LOCK_RELEASE = load("lock-release", Long.class);

	public static final RedisScript<Long> INCREMENT = load("increment", Long.class);

	private ResqueScripts() {
	}

	/**
	 * Runs a script with byte arguments and byte replies: payloads go from Redis to the decoder and back without a
	 * String in between, which would replace bytes that are not UTF-8 and then no longer match. String arguments
	 * are sent as UTF-8; bulk replies (also inside lists) come back as {@code byte[]}.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public static <T> T executeRaw(StringRedisTemplate redis, RedisScript<T> script, List<String> keys,
			Object... args) {
		Object[] raw = new Object[args.length];
		for (int i = 0; i < args.length; i++) {
			raw[i] = (args[i] instanceof String text) ? text.getBytes(StandardCharsets.UTF_8) : args[i];
		}
		RedisSerializer bytes = RedisSerializer.byteArray();
		return (T) redis.execute(script, bytes, bytes, keys, raw);
	}

	/**
	 * Reads the script once: a script built on a resource re-checks that resource on every execution, which
	 * showed up as a fifth of a worker's CPU.
	 */
	static <T> RedisScript<T> load(String name, Class<T> resultType) {
		return RedisScript.of(read(name), resultType);
	}

	/**
	 * A script that uses the functions of {@code lib/job-status.lua} (finding a tracked job's id, the server's
	 * time): the library is put in front of it, so that the scripts share one copy of that code.
	 */
	static <T> RedisScript<T> loadWithJobStatus(String name, Class<T> resultType) {
		return RedisScript.of(read("lib/job-status") + "\n" + read(name), resultType);
	}

	private static String read(String name) {
		String path = "dev/resque/core/redis/lua/" + name + ".lua";
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Lua script " + path, ex);
		}
	}

}
