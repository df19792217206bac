package dev.resque.core.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPipelineException;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis client of the enqueue and admin APIs: every call names what it was doing and which server it could
 * not reach, so that a {@link ResqueConnectionException} says more than the driver's timeout. One instance per
 * connection factory is shared by the template and the admin views.
 */
public final class RedisCalls {

	private final StringRedisTemplate redis;

	private final String endpoint;

	private ReplicaWait replicaWait = ReplicaWait.NONE;

	public RedisCalls(RedisConnectionFactory connectionFactory) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.endpoint = RedisEndpoints.describe(connectionFactory);
	}

	/**
	 * How many replicas must acknowledge a job's arrival before an enqueue returns ({@link ReplicaWait#NONE} by
	 * default: the master's reply is enough).
	 */
	public void setReplicaWait(ReplicaWait replicaWait) {
		this.replicaWait = replicaWait;
	}

	public ReplicaWait replicaWait() {
		return this.replicaWait;
	}

	/**
	 * Runs writes that bring jobs in (an enqueue, a schedule, a batch), whose loss in a failover would lose the
	 * jobs: with a {@link ReplicaWait}, they run on one connection followed by {@code WAIT}, and a write fewer
	 * replicas acknowledged in time raises {@link ResqueReplicationException}. Without one, nothing is added.
	 */
	public <T> T write(String action, Function<RedisOperations<String, String>, T> writes) {
		ReplicaWait wait = this.replicaWait;
		if (!wait.enabled()) {
			return call(action, () -> writes.apply(this.redis));
		}
		return call(action, () -> this.redis.execute(new SessionCallback<T>() {
			@Override
			@SuppressWarnings("unchecked")
			public <K, V> T execute(RedisOperations<K, V> operations) {
				RedisOperations<String, String> bound = (RedisOperations<String, String>) operations;
				T result = writes.apply(bound);
				// WAIT counts the replicas that hold every write this connection made so far
				Object acknowledged = sendWait(wait);
				wait.check(action, acknowledged);
				return result;
			}
		}));
	}

	/** As {@link #pipeline}, for writes that bring jobs in: with a {@link ReplicaWait}, the pipeline ends with WAIT. */
	public List<Object> pipelineWrite(String action, Consumer<RedisOperations<String, String>> commands) {
		ReplicaWait wait = this.replicaWait;
		if (!wait.enabled()) {
			return pipeline(action, commands);
		}
		List<Object> replies = pipeline(action, (operations) -> {
			commands.accept(operations);
			sendWait(wait);
		});
		wait.check(action, replies.isEmpty() ? null : replies.get(replies.size() - 1));
		return replies.subList(0, replies.size() - 1);
	}

	/** The template the calls run on, for commands that are not wrapped here. */
	public StringRedisTemplate redis() {
		return this.redis;
	}

	/** Runs a Redis operation, turning connection failures into an error that names the server. */
	public <T> T call(String action, Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (RedisConnectionFailureException | QueryTimeoutException ex) {
			throw new ResqueConnectionException(
					"Cannot " + action + ": " + this.endpoint + " is unreachable (" + rootMessage(ex) + ")", ex);
		}
	}

	/** Every key matching a pattern, by SCAN (never KEYS, which blocks the server). */
	public List<String> scan(String action, String pattern) {
		return call(action, () -> {
			List<String> found = new ArrayList<>();
			try (Cursor<String> cursor = this.redis.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
				cursor.forEachRemaining(found::add);
			}
			return found;
		});
	}

	/** WAIT on the connection bound to this thread's session or pipeline, the one the writes went over. */
	private @Nullable Object sendWait(ReplicaWait wait) {
		// the connection itself, not the template's proxy of it: Lettuce's needs telling how to read the reply
		return this.redis.execute((RedisCallback<Object>) (connection) -> sendWait(connection, wait), true);
	}

	private static @Nullable Object sendWait(RedisConnection connection, ReplicaWait wait) {
		if (connection instanceof LettuceConnection lettuce) {
			// Lettuce reads a command it does not know as bytes unless told that the reply is an integer
			return lettuce.execute("WAIT", new IntegerOutput<>(ByteArrayCodec.INSTANCE), wait.replicasArgument(),
					wait.timeoutArgument());
		}
		return connection.execute("WAIT", wait.replicasArgument(), wait.timeoutArgument());
	}

	/** Runs commands in one pipeline and returns their replies in order. */
	public List<Object> pipeline(String action, Consumer<RedisOperations<String, String>> commands) {
		return call(action, () -> this.redis.executePipelined(new SessionCallback<Object>() {
			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) {
				commands.accept((RedisOperations<String, String>) operations);
				return null;
			}
		}));
	}

	/** LLEN of each key in one pipeline; a key that is missing (or not a list) counts 0. */
	public List<Long> listLengths(String action, List<String> listKeys) {
		if (listKeys.isEmpty()) {
			return List.of();
		}
		List<Object> replies = call(action, () -> {
			try {
				return this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
					for (String key : listKeys) {
						connection.listCommands().lLen(key.getBytes(StandardCharsets.UTF_8));
					}
					return null;
				});
			}
			catch (RedisPipelineException ex) {
				// a key of another type answers with an error in its place: it counts 0, the others still count
				return ex.getPipelineResult();
			}
		});
		List<Long> lengths = new ArrayList<>(listKeys.size());
		for (int i = 0; i < listKeys.size(); i++) {
			Object reply = (replies != null && i < replies.size()) ? replies.get(i) : null;
			lengths.add((reply instanceof Number number) ? number.longValue() : 0L);
		}
		return lengths;
	}

	/** A pipelined reply that is a set or list of strings, as a list (empty for anything else). */
	@SuppressWarnings("unchecked")
	public static List<String> strings(@Nullable Object reply) {
		if (reply instanceof Collection<?> collection) {
			return new ArrayList<>((Collection<String>) collection);
		}
		return List.of();
	}

	public static <T> List<T> orEmpty(@Nullable List<T> values) {
		return (values != null) ? values : List.of();
	}

	public static <T> Collection<T> orEmpty(@Nullable Collection<T> values) {
		return (values != null) ? values : List.of();
	}

	public static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

}
