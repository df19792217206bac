package dev.resque.core.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON text with the codec's own mapper: bare token streams where a tree would be built only to be dropped
 * (every payload a worker takes), trees for the records read now and then (failed, working-on, ping). Decoded
 * values are plain Java: strings, numbers as {@link DecodedNumbers} reads them, booleans, {@code null}, lists and
 * maps in the text's order.
 */
final class JsonReader {

	private final JsonMapper mapper;

	/** Trees with every number as written: a fraction is kept as a BigDecimal, as the token reader keeps it. */
	private final ObjectReader exactTrees;

	JsonReader(JsonMapper mapper) {
		this.mapper = mapper;
		this.exactTrees = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
	}

	/** A bare parser: the mapper's would set up a deserialization context that plain tokens do not need. */
	JsonParser parser(String json) {
		return this.mapper.tokenStreamFactory().createParser(ObjectReadContext.empty(), json);
	}

	/**
	 * A record as a tree, fractions as exact {@code BigDecimal}s.
	 * @throws InvalidPayloadException when the text is not JSON
	 */
	JsonNode exactTree(String json) {
		try {
			return this.exactTrees.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidPayloadException(
					"Payload is not valid JSON: " + abbreviate(json) + " (" + ex.getOriginalMessage() + ")", ex);
		}
	}

	/**
	 * A record as a tree as the mapper reads it by default.
	 * @throws JacksonException when the text is not JSON
	 */
	@Nullable JsonNode tree(String json) {
		return this.mapper.readTree(json);
	}

	/**
	 * The string that a slice of bytes holds as one JSON value.
	 * @throws JacksonException when the slice is not one
	 */
	@Nullable String string(byte[] bytes, int offset, int length) {
		return this.mapper.readValue(bytes, offset, length, String.class);
	}

	/** Whether the text is exactly one JSON value, checked token by token so that a huge one is not built. */
	boolean isOneValue(String text) {
		try (JsonParser parser = parser(text)) {
			if (parser.nextToken() == null) {
				return false;
			}
			parser.skipChildren();
			requireEnd(parser);
			return true;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	/** The value that starts with the given token, the parser left on its last token. */
	static @Nullable Object readValue(JsonParser parser, JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> DecodedNumbers.integer(parser);
			case VALUE_NUMBER_FLOAT -> DecodedNumbers.fraction(parser);
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			case START_ARRAY -> {
				List<Object> list = new ArrayList<>();
				JsonToken next;
				while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
					list.add(readValue(parser, next));
				}
				yield list;
			}
			case START_OBJECT -> {
				Map<String, Object> map = new LinkedHashMap<>();
				String key;
				while ((key = parser.nextName()) != null) {
					map.put(key, readValue(parser, parser.nextToken()));
				}
				yield map;
			}
			default -> throw new StreamReadException(parser, "Unexpected token " + token);
		};
	}

	/** Skips the value the parser is on; {@code null}, for a field whose value has the wrong type. */
	static @Nullable String skip(JsonParser parser) {
		parser.skipChildren();
		return null;
	}

	/** Refuses text after the value: {@code {..} {}} is not one payload. */
	static void requireEnd(JsonParser parser) {
		if (parser.nextToken() != null) {
			throw new StreamReadException(parser, "Unexpected content after the JSON value");
		}
	}

	/** The start of a text for an error message. */
	static String abbreviate(String text) {
		return (text.length() <= 200) ? text : text.substring(0, 200) + "...";
	}

}
