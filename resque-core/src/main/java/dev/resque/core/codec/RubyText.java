package dev.resque.core.codec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Decoded JSON values as Ruby turns them into text ({@code to_s}, {@code inspect}, {@code Array#join}), for keys
 * that Ruby plugins build from a job's arguments, such as resque-retry's attempt counter.
 */
public final class RubyText {

	private RubyText() {
	}

	/**
	 * {@code args.join(separator)}: each element's {@code to_s}, nested arrays joined in place (Ruby flattens
	 * them), {@code nil} as the empty string.
	 */
	public static String join(List<?> args, String separator) {
		StringBuilder out = new StringBuilder();
		appendJoined(out, args, separator, new boolean[] { true });
		return out.toString();
	}

	private static void appendJoined(StringBuilder out, List<?> values, String separator, boolean[] first) {
		for (Object value : values) {
			if (value instanceof List<?> nested) {
				appendJoined(out, nested, separator, first);
				continue;
			}
			if (!first[0]) {
				out.append(separator);
			}
			first[0] = false;
			appendToS(out, value);
		}
	}

	/** {@code to_s}: strings as they are, {@code nil} empty, a Hash or Array as its {@code inspect}. */
	private static void appendToS(StringBuilder out, @Nullable Object value) {
		if (value == null) {
			return;
		}
		if (value instanceof String text) {
			out.append(text);
		}
		else {
			appendInspect(out, value);
		}
	}

	/** {@code inspect} as Ruby 3.1 writes it: {@code {"a"=>1, "b"=>[nil, true]}}, floats as {@code 1.0}. */
	private static void appendInspect(StringBuilder out, @Nullable Object value) {
		if (value == null) {
			out.append("nil");
		}
		else if (value instanceof String text) {
			out.append('"');
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				switch (c) {
					case '"' -> out.append("\\\"");
					case '\\' -> out.append("\\\\");
					case '\n' -> out.append("\\n");
					case '\t' -> out.append("\\t");
					case '\r' -> out.append("\\r");
					default -> out.append(c);
				}
			}
			out.append('"');
		}
		else if (value instanceof Double number) {
			JsonNumbers.appendRubyDouble(out, number);
		}
		else if (value instanceof BigDecimal decimal) {
			JsonNumbers.appendRubyDouble(out, decimal.doubleValue());
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(", ");
				}
				appendInspect(out, list.get(i));
			}
			out.append(']');
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					out.append(", ");
				}
				first = false;
				appendInspect(out, String.valueOf(entry.getKey()));
				out.append("=>");
				appendInspect(out, entry.getValue());
			}
			out.append('}');
		}
		else {
			// integers, booleans
			out.append(value);
		}
	}

}
