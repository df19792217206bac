package dev.resque.core.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.Job;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

import static dev.resque.core.codec.JsonReader.abbreviate;
import static dev.resque.core.codec.JsonReader.requireEnd;
import static dev.resque.core.codec.JsonReader.skip;

/**
 * Reads job payloads in every peer's form: token by token from their text, as a worker reads each job it takes, or
 * from the tree of a failed or working-on record that embeds one. Both read the same text as the same job: the
 * {@code queue} a Ruby payload lacks is supplied by the caller, cjson's {@code {}} for empty arguments is none, and
 * numbers are decoded as {@link DecodedNumbers} says.
 */
final class PayloadReader {

	private final JsonReader json;

	PayloadReader(JsonReader json) {
		this.json = json;
	}

	/**
	 * A job from its payload text.
	 * @throws InvalidPayloadException when the payload is not a job
	 */
	Job decode(String payload, @Nullable String defaultQueue) {
		// read token by token: a worker decodes every job it takes, and a tree would be built only to be dropped
		String name = null;
		String queue = null;
		List<Object> args = List.of();
		try (JsonParser parser = this.json.parser(payload)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				parser.skipChildren();
				requireEnd(parser);
				throw new InvalidPayloadException("Payload is not a JSON object: " + abbreviate(payload));
			}
			String field;
			while ((field = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				switch (field) {
					case "class" -> name = (token == JsonToken.VALUE_STRING) ? parser.getString() : skip(parser);
					case "queue" -> queue = (token == JsonToken.VALUE_STRING) ? parser.getString() : skip(parser);
					case "args" -> args = readArgs(parser, token);
					default -> parser.skipChildren();
				}
			}
			requireEnd(parser);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException("Payload is not valid JSON: " + abbreviate(payload) + " ("
					+ ex.getOriginalMessage() + ")", ex);
		}
		if (name == null || name.isEmpty()) {
			throw new InvalidPayloadException("Payload has no \"class\" naming the job: " + abbreviate(payload));
		}
		if (queue == null) {
			queue = defaultQueue;
			if (queue == null) {
				throw new InvalidPayloadException("Payload has no \"queue\": " + abbreviate(payload));
			}
		}
		return new Job(name, queue, args);
	}

	/** The string fields of a payload's {@code "trace"} object; empty when it has none or is not JSON. */
	Map<String, String> traceOf(String payload) {
		if (!payload.contains("\"trace\":")) {
			return Map.of();
		}
		// every traced job comes here before it is decoded: read the one field, skip the rest unbuilt
		try (JsonParser parser = this.json.parser(payload)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Map.of();
			}
			String field;
			while ((field = parser.nextName()) != null) {
				JsonToken token = parser.nextToken();
				if (field.equals("trace") && token == JsonToken.START_OBJECT) {
					Map<String, String> headers = new LinkedHashMap<>();
					String header;
					while ((header = parser.nextName()) != null) {
						if (parser.nextToken() == JsonToken.VALUE_STRING) {
							headers.put(header, parser.getString());
						}
						else {
							parser.skipChildren();
						}
					}
					return headers;
				}
				parser.skipChildren();
			}
			return Map.of();
		}
		catch (JacksonException ex) {
			return Map.of();
		}
	}

	/** Arguments as {@link #fromTree} reads them: an array, nothing, cjson's {} for [], or one value. */
	private static List<Object> readArgs(JsonParser parser, JsonToken token) {
		if (token == JsonToken.START_ARRAY) {
			List<Object> values = new ArrayList<>();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				values.add(JsonReader.readValue(parser, parser.currentToken()));
			}
			return values;
		}
		if (token == JsonToken.VALUE_NULL) {
			return List.of();
		}
		Object value = JsonReader.readValue(parser, token);
		if (value instanceof Map<?, ?> map && map.isEmpty()) {
			return List.of();
		}
		return List.of(value);
	}

	/**
	 * A job embedded in a record, read from the record's tree (fractions as exact decimals).
	 * @param source the whole record, for error messages
	 * @throws InvalidPayloadException when the node is not a job
	 */
	static Job fromTree(JsonNode node, String source, @Nullable String defaultQueue) {
		if (!node.isObject()) {
			throw new InvalidPayloadException("Payload is not a JSON object: " + abbreviate(source));
		}
		JsonNode name = node.get("class");
		if (name == null || !name.isString() || name.asString().isEmpty()) {
			throw new InvalidPayloadException("Payload has no \"class\" naming the job: " + abbreviate(source));
		}
		JsonNode queueNode = node.get("queue");
		String queue = (queueNode != null && queueNode.isString()) ? queueNode.asString() : defaultQueue;
		if (queue == null) {
			throw new InvalidPayloadException("Payload has no \"queue\": " + abbreviate(source));
		}
		JsonNode args = node.get("args");
		List<Object> values;
		if (args == null || args.isNull() || (args.isObject() && args.isEmpty())) {
			// cjson (node-resque's Lua) writes an empty array as {}
			values = List.of();
		}
		else if (args.isArray()) {
			values = new ArrayList<>(args.size());
			for (JsonNode element : args) {
				values.add(toJava(element));
			}
		}
		else {
			values = List.of(toJava(args));
		}
		return new Job(name.asString(), queue, values);
	}

	/**
	 * Arguments given as a JSON array, as a job's {@code "args"} are read.
	 * @throws InvalidPayloadException when the text is not a JSON array
	 */
	List<Object> arguments(String json) {
		JsonNode node = this.json.exactTree(json);
		if (!node.isArray()) {
			throw new InvalidPayloadException("Arguments must be a JSON array: " + abbreviate(json));
		}
		List<Object> values = new ArrayList<>(node.size());
		for (JsonNode element : node) {
			values.add(toJava(element));
		}
		return values;
	}

	/** A text field of a record: a string as it is, another value as its JSON, nothing as the empty string. */
	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return "";
		}
		return value.isString() ? value.asString() : value.toString();
	}

	private static @Nullable Object toJava(JsonNode node) {
		return switch (node.getNodeType()) {
			case NULL, MISSING -> null;
			case BOOLEAN -> node.booleanValue();
			case STRING -> node.asString();
			case NUMBER -> DecodedNumbers.of(node);
			case ARRAY -> {
				List<Object> list = new ArrayList<>(node.size());
				node.forEach((element) -> list.add(toJava(element)));
				yield list;
			}
			case OBJECT -> {
				Map<String, Object> map = new LinkedHashMap<>();
				for (Map.Entry<String, JsonNode> field : node.properties()) {
					map.put(field.getKey(), toJava(field.getValue()));
				}
				yield map;
			}
			case BINARY, POJO -> node.toString();
		};
	}

}
