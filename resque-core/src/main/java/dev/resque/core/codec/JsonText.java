package dev.resque.core.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.io.schubfach.DoubleToDecimal;
import tools.jackson.core.io.schubfach.FloatToDecimal;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON text exactly as JavaScript's {@code JSON.stringify} does: compact, object fields in the tree's
 * order, numbers in JavaScript's shortest form ({@code 1} not {@code 1.0}, {@code 1e+21}), and only {@code "},
 * {@code \}, control characters and lone surrogates escaped. Finding, deleting and de-duplicating jobs compares
 * payload bytes, so this writer is the single source of those bytes.
 */
final class JsonText {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private JsonText() {
	}

	/**
	 * Writes a Java value straight to text when it is one of the plain JSON types (strings, numbers, booleans,
	 * lists, maps with string keys), which is what job arguments almost always are; anything else is first turned
	 * into a tree by the given function.
	 */
	static void appendValue(StringBuilder out, @Nullable Object value, Function<Object, JsonNode> toTree) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String string) {
			appendString(out, string);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short
				|| value instanceof Byte) {
			out.append(((Number) value).longValue());
		}
		else if (value instanceof Double number) {
			appendDouble(out, number);
		}
		else if (value instanceof Boolean bool) {
			out.append(bool.booleanValue());
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0, size = list.size(); i < size; i++) {
				if (i > 0) {
					out.append(',');
				}
				appendValue(out, list.get(i), toTree);
			}
			out.append(']');
		}
		else if (value instanceof Map<?, ?> map && hasStringKeys(map)) {
			appendMap(out, map, toTree);
		}
		else if (value instanceof BigInteger number) {
			out.append(number);
		}
		else if (value instanceof Float number) {
			appendFloating(out, number, FloatToDecimal.toString(number));
		}
		else if (value instanceof BigDecimal number) {
			appendBigDecimal(out, number);
		}
		else {
			appendNode(out, toTree.apply(value));
		}
	}

	private static boolean hasStringKeys(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				return false;
			}
		}
		return true;
	}

	private static void appendMap(StringBuilder out, Map<?, ?> map, Function<Object, JsonNode> toTree) {
		out.append('{');
		boolean first = true;
		boolean indexesFirst = false;
		for (Object key : map.keySet()) {
			if (isArrayIndex((String) key)) {
				indexesFirst = true;
				break;
			}
		}
		Iterable<? extends Map.Entry<?, ?>> entries = map.entrySet();
		if (indexesFirst) {
			List<Map.Entry<?, ?>> ordered = new ArrayList<>(map.entrySet());
			ordered.sort(Comparator.comparingLong((Map.Entry<?, ?> entry) -> indexOrder((String) entry.getKey())));
			entries = ordered;
		}
		for (Map.Entry<?, ?> entry : entries) {
			if (!first) {
				out.append(',');
			}
			first = false;
			appendString(out, (String) entry.getKey());
			out.append(':');
			appendValue(out, entry.getValue(), toTree);
		}
		out.append('}');
	}

	/** Integer-like keys sort by value ahead of all others, which keep their order (the sort is stable). */
	private static long indexOrder(String key) {
		return isArrayIndex(key) ? Long.parseLong(key) : Long.MAX_VALUE;
	}

	static void appendNode(StringBuilder out, JsonNode node) {
		switch (node.getNodeType()) {
			case OBJECT -> {
				out.append('{');
				boolean first = true;
				for (Map.Entry<String, JsonNode> field : inJavaScriptOrder(node)) {
					if (!first) {
						out.append(',');
					}
					first = false;
					appendString(out, field.getKey());
					out.append(':');
					appendNode(out, field.getValue());
				}
				out.append('}');
			}
			case ARRAY -> {
				out.append('[');
				for (int i = 0; i < node.size(); i++) {
					if (i > 0) {
						out.append(',');
					}
					appendNode(out, node.get(i));
				}
				out.append(']');
			}
			case STRING -> appendString(out, node.asString());
			case NUMBER -> appendNumber(out, node);
			case BOOLEAN -> out.append(node.booleanValue());
			case NULL, MISSING -> out.append("null");
			case BINARY, POJO -> throw new IllegalArgumentException(
					"Cannot write " + node.getNodeType() + " node as job JSON; arguments must be plain JSON values");
		}
	}

	/**
	 * A JavaScript object lists its integer-like keys ({@code "0"} to {@code "4294967294"}) first, ascending, then
	 * the others in insertion order, and {@code JSON.stringify} writes them in that order.
	 */
	private static List<Map.Entry<String, JsonNode>> inJavaScriptOrder(JsonNode node) {
		List<Map.Entry<String, JsonNode>> indexes = new ArrayList<>();
		List<Map.Entry<String, JsonNode>> others = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			(isArrayIndex(field.getKey()) ? indexes : others).add(field);
		}
		if (indexes.isEmpty()) {
			return others;
		}
		indexes.sort(Comparator.comparingLong((Map.Entry<String, JsonNode> field) -> Long.parseLong(field.getKey())));
		indexes.addAll(others);
		return indexes;
	}

	private static boolean isArrayIndex(String key) {
		int length = key.length();
		if (length == 0 || length > 10 || (length > 1 && key.charAt(0) == '0')) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = key.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return Long.parseLong(key) <= 4_294_967_294L;
	}

	static void appendString(StringBuilder out, String value) {
		out.append('"');
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						appendUnicodeEscape(out, c);
					}
					else if (Character.isHighSurrogate(c) && i + 1 < length
							&& Character.isLowSurrogate(value.charAt(i + 1))) {
						out.append(c).append(value.charAt(++i));
					}
					else if (Character.isSurrogate(c)) {
						appendUnicodeEscape(out, c);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	private static void appendUnicodeEscape(StringBuilder out, char c) {
		out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
			.append(HEX[c & 0xF]);
	}

	private static void appendNumber(StringBuilder out, JsonNode node) {
		if (node.isIntegralNumber()) {
			if (node.canConvertToLong()) {
				out.append(node.longValue());
			}
			else {
				out.append(node.bigIntegerValue());
			}
		}
		else if (node.isFloat()) {
			appendFloating(out, node.floatValue(), FloatToDecimal.toString(node.floatValue()));
		}
		else if (node.isBigDecimal()) {
			appendBigDecimal(out, node.decimalValue());
		}
		else {
			appendDouble(out, node.doubleValue());
		}
	}

	private static void appendDouble(StringBuilder out, double value) {
		if (value == (long) value && Math.abs(value) < 1e18) {
			// whole numbers are written as JavaScript writes them (1, not 1.0) without the decimal detour
			out.append((long) value);
		}
		else {
			appendFloating(out, value, DoubleToDecimal.toString(value));
		}
	}

	/**
	 * A decimal is written as JavaScript would write the same number when that loses nothing, else in full
	 * (other languages then read the exact value instead of a rounded one).
	 */
	private static void appendBigDecimal(StringBuilder out, BigDecimal value) {
		double asDouble = value.doubleValue();
		if (Double.isFinite(asDouble) && new BigDecimal(DoubleToDecimal.toString(asDouble)).compareTo(value) == 0) {
			appendFloating(out, asDouble, DoubleToDecimal.toString(asDouble));
		}
		else {
			out.append(value.toPlainString());
		}
	}

	/**
	 * Java's shortest form keeps at least two digits; JavaScript's may have one (subnormals: {@code 5e-324}, not
	 * {@code 4.9e-324}). When one digit identifies the value too, the one nearest to it is taken.
	 */
	private static BigDecimal shortest(double value, BigDecimal decimal) {
		if (decimal.precision() != 2) {
			return decimal;
		}
		BigDecimal exact = new BigDecimal(value);
		BigDecimal best = null;
		for (java.math.RoundingMode mode : new java.math.RoundingMode[] { java.math.RoundingMode.FLOOR,
				java.math.RoundingMode.CEILING }) {
			BigDecimal candidate = decimal.round(new java.math.MathContext(1, mode));
			if (candidate.doubleValue() == value && (best == null
					|| candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
				best = candidate;
			}
		}
		return (best != null) ? best.stripTrailingZeros() : decimal;
	}

	/**
	 * Formats a finite value from the shortest digits that identify it (Java's {@code 1.0E21} form) using the
	 * rules of ECMAScript's Number::toString. Non-finite values are {@code null}, as in {@code JSON.stringify}.
	 */
	private static void appendFloating(StringBuilder out, double value, String javaForm) {
		if (!Double.isFinite(value)) {
			out.append("null");
			return;
		}
		if (value == 0) {
			out.append('0');
			return;
		}
		BigDecimal decimal = shortest(value, new BigDecimal(javaForm).stripTrailingZeros());
		String sign = (decimal.signum() < 0) ? "-" : "";
		BigInteger unscaled = decimal.unscaledValue().abs();
		String digits = unscaled.toString();
		int k = digits.length();
		// value = digits × 10^(n − k), the n of the ECMAScript algorithm
		int n = k - decimal.scale();
		out.append(sign);
		if (k <= n && n <= 21) {
			out.append(digits);
			out.append("0".repeat(n - k));
		}
		else if (0 < n && n <= 21) {
			out.append(digits, 0, n).append('.').append(digits, n, k);
		}
		else if (-6 < n && n <= 0) {
			out.append("0.").append("0".repeat(-n)).append(digits);
		}
		else {
			int exponent = n - 1;
			out.append(digits.charAt(0));
			if (k > 1) {
				out.append('.').append(digits, 1, k);
			}
			out.append('e').append((exponent >= 0) ? "+" : "-").append(Math.abs(exponent));
		}
	}

}
