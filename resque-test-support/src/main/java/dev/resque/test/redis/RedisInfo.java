package dev.resque.test.redis;

import java.time.Duration;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** Short questions to one server of a test topology, each over a connection of its own. */
final class RedisInfo {

	private static final RedisClient CLIENT = RedisClient.create();

	private RedisInfo() {
	}

	/** {@code master} or {@code slave}, or {@code ""} when the server does not answer. */
	static String role(RedisServerProcess server) {
		return field(server, "replication", "role");
	}

	static int connectedReplicas(RedisServerProcess server) {
		String count = field(server, "replication", "connected_slaves");
		return count.isEmpty() ? 0 : Integer.parseInt(count);
	}

	/** Whether every replica of this master has acknowledged everything the master has written. */
	static boolean replicasCaughtUp(RedisServerProcess master) {
		String info = call(master, (commands) -> commands.info("replication"));
		long offset = -1;
		java.util.List<Long> replicaOffsets = new java.util.ArrayList<>();
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("master_repl_offset:")) {
				offset = Long.parseLong(line.substring("master_repl_offset:".length()).trim());
			}
			else if (line.matches("slave\\d+:.*")) {
				for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
					if (part.startsWith("offset=")) {
						replicaOffsets.add(Long.parseLong(part.substring("offset=".length())));
					}
				}
			}
		}
		final long masterOffset = offset;
		return !replicaOffsets.isEmpty() && replicaOffsets.stream().allMatch((replica) -> replica >= masterOffset);
	}

	static String field(RedisServerProcess server, String section, String name) {
		String info;
		try {
			info = call(server, (commands) -> commands.info(section));
		}
		catch (RuntimeException ex) {
			return "";
		}
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(name + ":")) {
				return line.substring(name.length() + 1).trim();
			}
		}
		return "";
	}

	static <T> T call(RedisServerProcess server, Function<RedisCommands<String, String>, T> question) {
		RedisURI uri = RedisURI.builder().withHost(server.host()).withPort(server.port())
			.withTimeout(Duration.ofSeconds(5)).build();
		try (StatefulRedisConnection<String, String> connection = CLIENT.connect(uri)) {
			return question.apply(connection.sync());
		}
	}

}
