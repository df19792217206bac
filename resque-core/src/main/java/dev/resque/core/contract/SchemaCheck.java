package dev.resque.core.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Checks JSON values (as the codec reads them: strings, numbers, booleans, null, lists, maps) against the subset
 * of JSON Schema that {@link JobSchemas} writes: {@code type} (one or several), {@code enum}, {@code anyOf},
 * {@code prefixItems}, {@code items}, {@code minItems}, {@code maxItems}, {@code properties}, {@code required} and
 * {@code additionalProperties}. Keywords it does not know (a schema written by a newer version, {@code format})
 * accept anything, so a check never refuses what the job could take.
 */
final class SchemaCheck {

	private SchemaCheck() {
	}

	/** Why the value does not fit, or null when it does. */
	@SuppressWarnings("unchecked")
	static @Nullable String problem(@Nullable Object value, Object schemaNode, String at) {
		if (schemaNode instanceof Boolean allowed) {
			return allowed ? null : at + " is not allowed";
		}
		if (!(schemaNode instanceof Map<?, ?> schema)) {
			return null;
		}
		Object anyOf = schema.get("anyOf");
		if (anyOf instanceof List<?> variants && !variants.isEmpty()) {
			// the alternative the value came closest to says what is wrong: one whose item count it has
			String first = null;
			String closest = null;
			for (Object variant : variants) {
				String problem = problem(value, variant, at);
				if (problem == null) {
					return null;
				}
				first = (first != null) ? first : problem;
				if (closest == null && !problem.startsWith(at + " should hold")) {
					closest = problem;
				}
			}
			return (closest != null) ? closest : first;
		}
		Object type = schema.get("type");
		if (type != null && !typeMatches(value, type)) {
			return at + " should be " + describe(type) + " but is " + kind(value) + shown(value);
		}
		Object choices = schema.get("enum");
		if (choices instanceof List<?> allowed && !allowed.contains(value)) {
			return at + " should be one of " + allowed + " but is " + shown(value).trim();
		}
		if (value instanceof List<?> list) {
			return arrayProblem(list, (Map<String, Object>) schema, at);
		}
		if (value instanceof Map<?, ?> map) {
			return objectProblem((Map<String, Object>) map, (Map<String, Object>) schema, at);
		}
		return null;
	}

	private static @Nullable String arrayProblem(List<?> list, Map<String, Object> schema, String at) {
		if (schema.get("minItems") instanceof Number min && list.size() < min.intValue()) {
			return at + " should hold at least " + min + " item(s) but holds " + list.size();
		}
		if (schema.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
			return at + " should hold at most " + max + " item(s) but holds " + list.size();
		}
		List<?> prefix = (schema.get("prefixItems") instanceof List<?> items) ? items : List.of();
		for (int i = 0; i < list.size(); i++) {
			Object itemSchema = (i < prefix.size()) ? prefix.get(i) : schema.get("items");
			if (itemSchema != null) {
				String problem = problem(list.get(i), itemSchema, itemName(at, i, (i < prefix.size()) ? prefix.get(i) : null));
				if (problem != null) {
					return problem;
				}
			}
		}
		return null;
	}

	private static String itemName(String at, int index, @Nullable Object schema) {
		String title = (schema instanceof Map<?, ?> map && map.get("title") instanceof String name) ? " (" + name + ")" : "";
		return at + "[" + index + "]" + title;
	}

	private static @Nullable String objectProblem(Map<String, Object> map, Map<String, Object> schema, String at) {
		if (schema.get("required") instanceof List<?> required) {
			for (Object name : required) {
				if (!map.containsKey(String.valueOf(name))) {
					return at + " lacks its field " + name;
				}
			}
		}
		Map<?, ?> properties = (schema.get("properties") instanceof Map<?, ?> known) ? known : Map.of();
		for (Map.Entry<String, Object> field : map.entrySet()) {
			Object fieldSchema = properties.containsKey(field.getKey()) ? properties.get(field.getKey())
					: schema.get("additionalProperties");
			if (fieldSchema != null) {
				String problem = problem(field.getValue(), fieldSchema, at + "." + field.getKey());
				if (problem != null) {
					return problem;
				}
			}
		}
		return null;
	}

	private static boolean typeMatches(@Nullable Object value, Object type) {
		if (type instanceof List<?> types) {
			return types.stream().anyMatch((one) -> typeMatches(value, one));
		}
		return switch (String.valueOf(type)) {
			case "null" -> value == null;
			case "string" -> value instanceof String;
			case "boolean" -> value instanceof Boolean;
			case "integer" -> isInteger(value);
			case "number" -> value instanceof Number;
			case "array" -> value instanceof List;
			case "object" -> value instanceof Map;
			default -> true;
		};
	}

	private static boolean isInteger(@Nullable Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof BigInteger || value instanceof Short
				|| value instanceof Byte) {
			return true;
		}
		if (value instanceof BigDecimal decimal) {
			return decimal.stripTrailingZeros().scale() <= 0;
		}
		return value instanceof Double number && number == Math.rint(number) && !number.isInfinite();
	}

	private static String describe(Object type) {
		if (type instanceof List<?> types) {
			return String.join(" or ", types.stream().map(String::valueOf).toList());
		}
		return String.valueOf(type);
	}

	private static String kind(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof String) {
			return "a string";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		if (value instanceof Number) {
			return isInteger(value) ? "an integer" : "a number";
		}
		return (value instanceof List) ? "an array" : "an object";
	}

	private static String shown(@Nullable Object value) {
		if (value == null || value instanceof List || value instanceof Map) {
			return "";
		}
		String text = String.valueOf(value);
		return " (" + ((text.length() > 40) ? text.substring(0, 40) + "…" : text) + ")";
	}

}
