package dev.resque.core.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisConnectionUtils;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

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
	 * String in between, which would replace bytes that are not UTF-8 and then no longer match. String keys and
	 * arguments are sent as UTF-8; bulk replies (also inside lists) come back as {@code byte[]}.
	 */
	public static <T> T executeRaw(StringRedisTemplate redis, RedisScript<T> script, List<?> keys, Object... args) {
		return executeRaw(redis.getRequiredConnectionFactory(), script, keys, args);
	}

	/**
	 * As {@link #executeRaw(StringRedisTemplate, RedisScript, List, Object...)}, straight on a connection of the
	 * factory (the one bound to this thread's session or pipeline, if any): a job's take and its enqueue run here,
	 * without the template's connection proxy, serializers and result conversion, which cost more client CPU per
	 * job than the call itself. Keys and arguments are {@code byte[]} or String. EVALSHA first; EVAL only when the
	 * server does not know the script (it then keeps it for the next EVALSHA).
	 */
	public static <T> T executeRaw(RedisConnectionFactory factory, RedisScript<T> script, List<?> keys,
			Object... args) {
		byte[][] keysAndArgs = new byte[keys.size() + args.length][];
		int at = 0;
		for (Object key : keys) {
			keysAndArgs[at++] = bytes(key);
		}
		for (Object arg : args) {
			keysAndArgs[at++] = bytes(arg);
		}
		return executeRaw(factory, script, keys.size(), keysAndArgs);
	}

	/** As above, with the keys (the first {@code keyCount}) and arguments already encoded, in one array. */
	@SuppressWarnings("unchecked")
	public static <T> T executeRaw(RedisConnectionFactory factory, RedisScript<T> script, int keyCount,
			byte[][] keysAndArgs) {
		ReturnType returnType = ReturnType.fromJavaType(script.getResultType());
		RedisConnection connection = RedisConnectionUtils.getConnection(factory);
		try {
			try {
				return (T) connection.scriptingCommands().evalSha(script.getSha1(), returnType, keyCount, keysAndArgs);
			}
			catch (RuntimeException ex) {
				if (!unknownScript(ex)) {
					throw ex;
				}
				return (T) connection.scriptingCommands()
					.eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), returnType, keyCount, keysAndArgs);
			}
		}
		finally {
			RedisConnectionUtils.releaseConnection(connection, factory);
		}
	}

	/** Whether a script call failed only because the server does not hold the script (after a restart, say). */
	private static boolean unknownScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

	private static byte[] bytes(Object value) {
		if (value instanceof byte[] raw) {
			return raw;
		}
		if (value instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		throw new IllegalArgumentException("A script argument must be a String or byte[], not " + value.getClass());
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
