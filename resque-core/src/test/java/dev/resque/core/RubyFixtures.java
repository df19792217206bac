package dev.resque.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shared fixtures Ruby Resque, resque-scheduler and resque-retry recorded, read and written into Redis. */
public final class RubyFixtures {

	private static final JsonMapper json = JsonMapper.builder().build();

	private RubyFixtures() {
	}

	/** A fixture of {@code src/test/resources/ruby-resque}, by file name. */
	public static JsonNode read(String file) {
		try (InputStream in = RubyFixtures.class.getResourceAsStream("/ruby-resque/" + file)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + file);
			}
			return json.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes a snapshot's keys under a namespace instead of {@code resque}. */
	public static void load(StringRedisTemplate redis, String namespace, JsonNode keys) {
		for (Map.Entry<String, JsonNode> entry : keys.properties()) {
			String key = namespace + entry.getKey().substring("resque".length());
			JsonNode value = entry.getValue().get("value");
			switch (entry.getValue().get("type").asString()) {
				case "string" -> redis.opsForValue().set(key, value.asString());
				case "list" -> value.forEach((item) -> redis.opsForList().rightPush(key, item.asString()));
				case "set" -> value.forEach((member) -> redis.opsForSet().add(key, member.asString()));
				case "zset" -> value.forEach((pair) -> redis.opsForZSet().add(key, pair.get(0).asString(),
						pair.get(1).asDouble()));
				case "hash" -> value.properties().forEach((field) -> redis.opsForHash().put(key, field.getKey(),
						field.getValue().asString()));
				default -> throw new IllegalStateException("unknown type in " + entry);
			}
		}
	}

}
