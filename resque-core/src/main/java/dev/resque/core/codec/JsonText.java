package dev.resque.core.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.io.schubfach.DoubleToDecimal;
import tools.jackson.core.io.schubfach.FloatToDecimal;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON text exactly as JavaScript's {@code JSON.stringify} does: compact, object fields in the tree's
 * order, numbers in JavaScript's shortest form ({@code 1} not {@code 1.0}, {@code 1e+21}), and only {@code "},
 * {@code \}, control characters and lone surrogates escaped. Finding, deleting and de-duplicating jobs compares
 * payload bytes, so this writer is the single source of those bytes.
 * <p>
 * What has no faithful JSON form is refused with an {@link UnwritableValueException} saying what and where, rather
 * than written as {@code JSON.stringify} would (NaN as {@code null}) or not at all (a list holding itself):
 * non-finite numbers, values that contain themselves, nesting or numbers longer than a worker reads, and, for
 * job arguments, strings with a lone surrogate.
 */
final class JsonText {

	/** How deep one argument may nest: what our reader accepts, less the payload object and its args array. */
	static final int MAX_ARGUMENT_DEPTH = StreamReadConstraints.defaults().getMaxNestingDepth() - 2;

	/** The longest number text our reader accepts. */
	static final int MAX_NUMBER_LENGTH = StreamReadConstraints.defaults().getMaxNumberLength();

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	/** Beyond this a whole double is not written digit for digit: JavaScript writes its shortest digits. */
	private static final double EXACT_WHOLE_LIMIT = 0x1p53;

	private JsonText() {
	}

	/**
	 * Writes a job argument. Plain JSON types (strings, numbers, booleans, lists, collections, arrays of objects,
	 * maps with string keys), which is what arguments almost always are, are written straight to text; anything
	 * else is first turned into a tree by the given function. A string with a lone surrogate is refused: UTF-8,
	 * and so Ruby and any worker storing the text, cannot carry it.
	 * @throws UnwritableValueException when the value has no faithful JSON form
	 */
	static void appendArgument(StringBuilder out, @Nullable Object value, Function<Object, JsonNode> toTree) {
		new ValueWriter(out, toTree, true, false).value(value);
	}

	/** {@link #appendArgument}, doubles written as Ruby writes floats ({@code 1.0}, {@code 1.0e+21}, {@code -0.0}). */
	static void appendRubyArgument(StringBuilder out, @Nullable Object value, Function<Object, JsonNode> toTree) {
		new ValueWriter(out, toTree, true, true).value(value);
	}

	/**
	 * Writes a value as {@code JSON.stringify} would, lone surrogates escaped ({@code "\ud800"}); values read from
	 * a payload of another language may hold them.
	 * @throws UnwritableValueException when the value has no faithful JSON form
	 */
	static void appendValue(StringBuilder out, @Nullable Object value, Function<Object, JsonNode> toTree) {
		new ValueWriter(out, toTree, false, false).value(value);
	}

	/**
	 * The text {@code JSON.stringify} writes for a finite double: the shortest digits that read back as the same
	 * double, laid out by ECMAScript's Number::toString ({@code 0.1}, {@code 1e+21}, {@code 1.5e-7}).
	 */
	static String numberText(double value) {
		StringBuilder out = new StringBuilder(24);
		appendFinite(out, value);
		return out.toString();
	}

	/**
	 * The text this writer gives a decimal: its own digits, trailing zeros and all, laid out as JavaScript lays
	 * out numbers, so that it reads back as an equal {@link BigDecimal} (same digits, same scale): {@code 42.50},
	 * {@code 12345678901234567.89}, {@code 1e+3} for 1E+3. A decimal whose digits are a double's shortest ones
	 * gets the very text {@code JSON.stringify} writes for that double.
	 */
	static String decimalText(BigDecimal value) {
		StringBuilder out = new StringBuilder(24);
		appendDecimal(out, value);
		return out.toString();
	}

	/**
	 * How many significant digits a JSON number with a fraction or an exponent has, when it is laid out as
	 * ECMAScript's Number::toString lays out digits ({@code 12.5}, {@code 0.00125}, {@code 1.25e+21}: no
	 * redundant zero, exponent form exactly where JavaScript uses it); -1 when it is laid out otherwise
	 * ({@code 12.50}, {@code 1E21}, {@code 1.0}). Read in place, without allocating: the decoder asks this of every
	 * fraction it reads.
	 */
	static int javascriptLayoutDigits(char[] text, int offset, int length) {
		int i = offset;
		int end = offset + length;
		if (i < end && text[i] == '-') {
			i++;
		}
		if (i >= end || !isDigit(text[i])) {
			return -1;
		}
		if (text[i] == '0') {
			// 0.000ddd: at most five zeros after the point
			if (i + 2 >= end || text[i + 1] != '.') {
				return -1;
			}
			i += 2;
			int zeros = 0;
			while (i < end && text[i] == '0') {
				zeros++;
				i++;
			}
			int digits = 0;
			while (i < end && isDigit(text[i])) {
				digits++;
				i++;
			}
			return (i == end && zeros <= 5 && digits > 0 && text[end - 1] != '0') ? digits : -1;
		}
		int whole = 0;
		while (i < end && isDigit(text[i])) {
			whole++;
			i++;
		}
		int fraction = 0;
		if (i < end && text[i] == '.') {
			i++;
			while (i < end && isDigit(text[i])) {
				fraction++;
				i++;
			}
			if (fraction == 0 || text[i - 1] == '0') {
				return -1;
			}
		}
		if (i == end) {
			// ddd.ddd: at most 21 digits before the point
			return (fraction > 0 && whole <= 21) ? whole + fraction : -1;
		}
		// d.ddde+x, written only for exponents from 21 up or from -7 down
		if (whole != 1 || text[i] != 'e' || i + 2 >= end || (text[i + 1] != '+' && text[i + 1] != '-')
				|| text[i + 2] == '0' || end - (i + 2) > 4) {
			return -1;
		}
		int exponent = 0;
		for (int j = i + 2; j < end; j++) {
			if (!isDigit(text[j])) {
				return -1;
			}
			exponent = exponent * 10 + (text[j] - '0');
		}
		if (text[i + 1] == '-') {
			exponent = -exponent;
		}
		return (exponent >= 21 || exponent <= -7) ? 1 + fraction : -1;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/** The index of the first unpaired surrogate in the text, or -1. */
	static int loneSurrogateAt(String value) {
		for (int i = 0, length = value.length(); i < length; i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

	/** Why a string argument is refused; the path is added by the caller. */
	static UnwritableValueException loneSurrogate(String what, String value, int index) {
		return new UnwritableValueException(what + " a lone surrogate (\\u" + hex(value.charAt(index)) + " at index "
				+ index + "), which UTF-8 cannot carry; send whole characters", false);
	}

	private static String hex(char c) {
		return new String(new char[] { HEX[(c >> 12) & 0xF], HEX[(c >> 8) & 0xF], HEX[(c >> 4) & 0xF], HEX[c & 0xF] });
	}

	/**
	 * Writes one value tree; keeps the lists and maps it is inside of, to refuse one that contains itself
	 * (a few identity comparisons per container: arguments are seldom nested more than two or three deep).
	 */
	private static final class ValueWriter {

		private final StringBuilder out;

		private final Function<Object, JsonNode> toTree;

		private final boolean argument;

		private final boolean rubyFloats;

		private Object @Nullable [] containers;

		private int depth;

		ValueWriter(StringBuilder out, Function<Object, JsonNode> toTree, boolean argument, boolean rubyFloats) {
			this.out = out;
			this.toTree = toTree;
			this.argument = argument;
			this.rubyFloats = rubyFloats;
		}

		void value(@Nullable Object value) {
			if (value == null) {
				this.out.append("null");
			}
			else if (value instanceof String string) {
				string(string, "is a string with");
			}
			else if (value instanceof Integer || value instanceof Long || value instanceof Short
					|| value instanceof Byte) {
				this.out.append(((Number) value).longValue());
			}
			else if (value instanceof Double number) {
				if (this.rubyFloats) {
					appendRubyDouble(this.out, number);
				}
				else {
					appendDouble(this.out, number);
				}
			}
			else if (value instanceof Boolean bool) {
				this.out.append(bool.booleanValue());
			}
			else if (value instanceof List<?> list) {
				enter(list);
				this.out.append('[');
				for (int i = 0, size = list.size(); i < size; i++) {
					if (i > 0) {
						this.out.append(',');
					}
					element(list.get(i), i);
				}
				this.out.append(']');
				leave();
			}
			else if (value instanceof Map<?, ?> map && hasStringKeys(map)) {
				enter(map);
				map(map);
				leave();
			}
			else if (value instanceof BigInteger number) {
				appendLimited(this.out, number.toString());
			}
			else if (value instanceof Float number) {
				appendFloat(this.out, number);
			}
			else if (value instanceof BigDecimal number) {
				int start = this.out.length();
				appendDecimal(this.out, number);
				checkLength(this.out, start);
			}
			else if (value instanceof Collection<?> collection) {
				// sets and queues: in iteration order, as Jackson writes them, but with the cycle check
				enter(collection);
				this.out.append('[');
				int i = 0;
				for (Object element : collection) {
					if (i > 0) {
						this.out.append(',');
					}
					element(element, i++);
				}
				this.out.append(']');
				leave();
			}
			else if (value instanceof Object[] array) {
				enter(array);
				this.out.append('[');
				for (int i = 0; i < array.length; i++) {
					if (i > 0) {
						this.out.append(',');
					}
					element(array[i], i);
				}
				this.out.append(']');
				leave();
			}
			else {
				node(this.toTree.apply(value));
			}
		}

		private void element(@Nullable Object element, int index) {
			try {
				value(element);
			}
			catch (UnwritableValueException ex) {
				throw ex.at(index);
			}
		}

		private void map(Map<?, ?> map) {
			this.out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : inJavaScriptOrder(map)) {
				if (!first) {
					this.out.append(',');
				}
				first = false;
				String key = (String) entry.getKey();
				string(key, "has a key with");
				this.out.append(':');
				try {
					value(entry.getValue());
				}
				catch (UnwritableValueException ex) {
					throw ex.at(key);
				}
			}
			this.out.append('}');
		}

		private void string(String value, String what) {
			int lone = appendString(this.out, value);
			if (lone >= 0 && this.argument) {
				throw loneSurrogate(what, value, lone);
			}
		}

		private void node(JsonNode node) {
			switch (node.getNodeType()) {
				case OBJECT -> {
					enterNode();
					this.out.append('{');
					boolean first = true;
					for (Map.Entry<String, JsonNode> field : inJavaScriptOrder(node)) {
						if (!first) {
							this.out.append(',');
						}
						first = false;
						string(field.getKey(), "has a key with");
						this.out.append(':');
						try {
							node(field.getValue());
						}
						catch (UnwritableValueException ex) {
							throw ex.at(field.getKey());
						}
					}
					this.out.append('}');
					leave();
				}
				case ARRAY -> {
					enterNode();
					this.out.append('[');
					for (int i = 0; i < node.size(); i++) {
						if (i > 0) {
							this.out.append(',');
						}
						try {
							node(node.get(i));
						}
						catch (UnwritableValueException ex) {
							throw ex.at(i);
						}
					}
					this.out.append(']');
					leave();
				}
				case STRING -> string(node.asString(), "is a string with");
				case NUMBER -> appendNumber(this.out, node);
				case BOOLEAN -> this.out.append(node.booleanValue());
				case NULL, MISSING -> this.out.append("null");
				case BINARY, POJO -> throw new UnwritableValueException("is a " + node.getNodeType()
						+ " value, which has no plain JSON form; use strings, numbers, lists and maps", false);
			}
		}

		private void enter(Object container) {
			Object[] open = this.containers;
			if (open == null) {
				open = new Object[8];
			}
			for (int i = 0; i < this.depth; i++) {
				if (open[i] == container) {
					throw new UnwritableValueException("contains itself, which JSON cannot write", true);
				}
			}
			if (this.depth == open.length) {
				open = java.util.Arrays.copyOf(open, this.depth * 2);
			}
			open[this.depth] = container;
			this.containers = open;
			enterNode();
		}

		private void enterNode() {
			if (++this.depth > MAX_ARGUMENT_DEPTH) {
				throw new UnwritableValueException(
						"nests lists and maps deeper than " + MAX_ARGUMENT_DEPTH + " levels, more than a worker reads",
						true);
			}
		}

		private void leave() {
			this.depth--;
			if (this.containers != null && this.depth < this.containers.length) {
				this.containers[this.depth] = null;
			}
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

	/** Integer-like keys sort by value ahead of all others, which keep their order (the sort is stable). */
	private static Iterable<? extends Map.Entry<?, ?>> inJavaScriptOrder(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (isArrayIndex((String) key)) {
				List<Map.Entry<?, ?>> ordered = new ArrayList<>(map.entrySet());
				ordered.sort(Comparator.comparingLong((Map.Entry<?, ?> entry) -> indexOrder((String) entry.getKey())));
				return ordered;
			}
		}
		return map.entrySet();
	}

	private static long indexOrder(String key) {
		return isArrayIndex(key) ? Long.parseLong(key) : Long.MAX_VALUE;
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

	/**
	 * A JSON string literal, escaped as {@code JSON.stringify} does (a lone surrogate as {@code \ud800}).
	 * @return the index of the first lone surrogate, or -1: a job argument must not have one, and finding it while
	 * writing spares arguments a second pass over every string
	 */
	static int appendString(StringBuilder out, String value) {
		int lone = -1;
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
						if (lone < 0) {
							lone = i;
						}
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
		return lone;
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
				appendLimited(out, node.bigIntegerValue().toString());
			}
		}
		else if (node.isFloat()) {
			appendFloat(out, node.floatValue());
		}
		else if (node.isBigDecimal()) {
			int start = out.length();
			appendDecimal(out, node.decimalValue());
			checkLength(out, start);
		}
		else {
			appendDouble(out, node.doubleValue());
		}
	}

	private static void appendLimited(StringBuilder out, String number) {
		int start = out.length();
		out.append(number);
		checkLength(out, start);
	}

	private static void checkLength(StringBuilder out, int start) {
		int length = out.length() - start;
		if (length > MAX_NUMBER_LENGTH) {
			throw new UnwritableValueException("is a number written with " + length
					+ " characters, more than a worker reads (" + MAX_NUMBER_LENGTH + ")", false);
		}
	}

	private static void appendDouble(StringBuilder out, double value) {
		if (!Double.isFinite(value)) {
			throw notFinite(Double.toString(value));
		}
		appendFinite(out, value);
	}

	/**
	 * A double as Ruby's {@code Float#to_s} (and so its JSON) writes it: the shortest digits, in full with at least
	 * one digit after the point while the point is within 16 places of the first digit ({@code 1.0},
	 * {@code 1000000000000000.0}, {@code 0.0001}), else in exponent form with two exponent digits at least
	 * ({@code 1.0e+16}, {@code 1.5e-05}); zero keeps its sign ({@code -0.0}).
	 */
	static void appendRubyDouble(StringBuilder out, double value) {
		if (!Double.isFinite(value)) {
			throw notFinite(Double.toString(value));
		}
		if (value == 0) {
			out.append((Double.doubleToRawLongBits(value) < 0) ? "-0.0" : "0.0");
			return;
		}
		BigDecimal shortest = new BigDecimal(DoubleToDecimal.toString(value)).stripTrailingZeros();
		String digits = shortest.unscaledValue().abs().toString();
		int k = digits.length();
		// value = 0.d1...dk × 10^n
		int n = k - shortest.scale();
		if (value < 0) {
			out.append('-');
		}
		if (0 < n && n <= 16) {
			if (n < k) {
				out.append(digits, 0, n).append('.').append(digits, n, k);
			}
			else {
				out.append(digits).append("0".repeat(n - k)).append(".0");
			}
		}
		else if (-4 < n && n <= 0) {
			out.append("0.").append("0".repeat(-n)).append(digits);
		}
		else {
			int exponent = n - 1;
			out.append(digits.charAt(0)).append('.').append((k > 1) ? digits.substring(1) : "0");
			out.append('e').append((exponent < 0) ? '-' : '+');
			int magnitude = Math.abs(exponent);
			if (magnitude < 10) {
				out.append('0');
			}
			out.append(magnitude);
		}
	}

	private static void appendFloat(StringBuilder out, float value) {
		if (!Float.isFinite(value)) {
			throw notFinite(Float.toString(value));
		}
		if (value == 0) {
			out.append('0');
		}
		else {
			// a float means its shortest decimal (0.1f is 0.1), as JavaScript and Ruby would read it
			appendJavaForm(out, FloatToDecimal.toString(value));
		}
	}

	private static UnwritableValueException notFinite(String value) {
		return new UnwritableValueException("is " + value
				+ ", which JSON has no number for (JSON.stringify would write null); send a finite number or null",
				false);
	}

	private static void appendFinite(StringBuilder out, double value) {
		if (value == 0) {
			// -0 as well: JSON.stringify writes 0
			out.append('0');
		}
		else if (value == (long) value && Math.abs(value) < EXACT_WHOLE_LIMIT) {
			// below 2^53 a whole double's shortest digits are the integer itself
			out.append((long) value);
		}
		else if (Math.abs(value) < Double.MIN_NORMAL) {
			BigDecimal decimal = shortestSubnormal(value);
			String digits = decimal.unscaledValue().abs().toString();
			appendLayout(out, decimal.signum() < 0, digits, digits.length() - decimal.scale(), false);
		}
		else {
			appendJavaForm(out, DoubleToDecimal.toString(value));
		}
	}

	/**
	 * Java's shortest form keeps at least two digits; JavaScript's may have one ({@code 5e-324}, not
	 * {@code 4.9e-324}). Only a subnormal double can have both a one-digit and a different two-digit decimal
	 * reading back as itself (elsewhere the spacing of doubles is far finer than two digits), so only there are
	 * the one-digit neighbours tried, and the one nearest to the value taken.
	 */
	private static BigDecimal shortestSubnormal(double value) {
		BigDecimal decimal = new BigDecimal(DoubleToDecimal.toString(value)).stripTrailingZeros();
		if (decimal.precision() != 2) {
			return decimal;
		}
		BigDecimal exact = new BigDecimal(value);
		BigDecimal best = null;
		for (RoundingMode mode : new RoundingMode[] { RoundingMode.FLOOR, RoundingMode.CEILING }) {
			BigDecimal candidate = decimal.round(new MathContext(1, mode));
			if (candidate.doubleValue() == value && (best == null
					|| candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
				best = candidate;
			}
		}
		return (best != null) ? best.stripTrailingZeros() : decimal;
	}

	/**
	 * Lays out the digits of Java's shortest form ({@code 123.45}, {@code 1.0E21}, {@code 1.5E-7}) as JavaScript
	 * does, reading them as characters: no {@link BigDecimal} on the path every double argument takes.
	 */
	private static void appendJavaForm(StringBuilder out, String javaForm) {
		int length = javaForm.length();
		boolean negative = javaForm.charAt(0) == '-';
		char[] digits = new char[length];
		int count = 0;
		int beforePoint = -1;
		int exponent = 0;
		for (int i = negative ? 1 : 0; i < length; i++) {
			char c = javaForm.charAt(i);
			if (c == '.') {
				beforePoint = count;
			}
			else if (c == 'E') {
				exponent = Integer.parseInt(javaForm, i + 1, length, 10);
				break;
			}
			else {
				digits[count++] = c;
			}
		}
		if (beforePoint < 0) {
			beforePoint = count;
		}
		int start = 0;
		while (start < count - 1 && digits[start] == '0') {
			start++;
		}
		int end = count;
		while (end > start + 1 && digits[end - 1] == '0') {
			end--;
		}
		// value = 0.d1d2...dk × 10^n, the n of ECMAScript's Number::toString
		appendLayout(out, negative, new String(digits, start, end - start), beforePoint - start + exponent, false);
	}

	private static void appendDecimal(StringBuilder out, BigDecimal value) {
		String digits = value.unscaledValue().abs().toString();
		// a negative scale would come out as an integer (1E+3 as 1000) and read back with scale 0
		appendLayout(out, value.signum() < 0, digits, digits.length() - value.scale(), value.scale() < 0);
	}

	/**
	 * Writes the digits {@code d1...dk} of {@code 0.d1...dk × 10^n} by the rules of ECMAScript's Number::toString:
	 * integers up to 21 digits in full, fractions down to {@code 0.000001} in full, others in exponent form
	 * ({@code 1e+21}, {@code 1.5e-7}).
	 */
	private static void appendLayout(StringBuilder out, boolean negative, String digits, int n, boolean noWholeForm) {
		int k = digits.length();
		if (negative) {
			out.append('-');
		}
		if (k <= n && n <= 21 && !noWholeForm) {
			out.append(digits);
			out.append("0".repeat(n - k));
		}
		else if (0 < n && n <= 21 && n < k) {
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

	/**
	 * A value that has no faithful JSON form. The message completes "argument 2 (type) ..."; {@link #path()}
	 * says where inside the value, growing as the writer unwinds out of the lists and maps it was in.
	 */
	static final class UnwritableValueException extends IllegalArgumentException {

		private final String predicate;

		private final boolean pathAfter;

		private final Deque<String> path = new ArrayDeque<>();

		/**
		 * @param predicate what is wrong, completing "argument 2 (type) at [0] ..."
		 * @param pathAfter whether the place reads better after the predicate ("contains itself (at [0])")
		 */
		UnwritableValueException(String predicate, boolean pathAfter) {
			this(predicate, pathAfter, null);
		}

		UnwritableValueException(String predicate, boolean pathAfter, @Nullable Throwable cause) {
			super(predicate, cause);
			this.predicate = predicate;
			this.pathAfter = pathAfter;
		}

		UnwritableValueException at(int index) {
			this.path.addFirst("[" + index + "]");
			return this;
		}

		UnwritableValueException at(String key) {
			if (isIdentifier(key)) {
				this.path.addFirst("." + key);
			}
			else {
				StringBuilder quoted = new StringBuilder("[");
				appendString(quoted, key);
				this.path.addFirst(quoted.append(']').toString());
			}
			return this;
		}

		/** Where inside the value, {@code [1].items[0]}; empty for the value itself, cut short past ten steps. */
		String path() {
			if (this.path.size() <= 10) {
				return String.join("", this.path);
			}
			return String.join("", this.path.stream().limit(8).toList()) + "...";
		}

		/** "subject at [1].price is NaN, ...", or "subject contains itself (at [0])". */
		String describe(String subject) {
			if (this.path.isEmpty()) {
				return subject + " " + this.predicate;
			}
			return this.pathAfter ? subject + " " + this.predicate + " (at " + path() + ")"
					: subject + " at " + path() + " " + this.predicate;
		}

		private static boolean isIdentifier(String key) {
			if (key.isEmpty() || !Character.isJavaIdentifierStart(key.charAt(0)) || key.length() > 64) {
				return false;
			}
			for (int i = 1; i < key.length(); i++) {
				if (!Character.isJavaIdentifierPart(key.charAt(i)) || key.charAt(i) > 0x7f) {
					return false;
				}
			}
			return key.charAt(0) <= 0x7f;
		}

	}

}
