package dev.resque.core.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.io.schubfach.DoubleToDecimal;
import tools.jackson.core.io.schubfach.FloatToDecimal;
import tools.jackson.databind.JsonNode;

/**
 * Number text as the peers write it: doubles as {@code JSON.stringify} writes them ({@code 1} not {@code 1.0},
 * {@code 1e+21}, {@code 5e-324}) or as Ruby writes floats ({@code 1.0}, {@code 1.0e+21}); decimals with all their
 * digits and their scale. Finding and deleting jobs compares payload bytes, so numbers are laid out here and nowhere
 * else. Non-finite numbers and numbers longer than a worker reads are refused with an
 * {@link UnwritableValueException}.
 */
final class JsonNumbers {

	/** The longest number text our reader accepts. */
	static final int MAX_NUMBER_LENGTH = StreamReadConstraints.defaults().getMaxNumberLength();

	/** Beyond this a whole double is not written digit for digit: JavaScript writes its shortest digits. */
	private static final double EXACT_WHOLE_LIMIT = 0x1p53;

	private JsonNumbers() {
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
	 * The text this writer gives a decimal: its own digits, trailing zeros and all, laid out as JavaScript lays out
	 * numbers, so that it reads back as an equal {@link BigDecimal} (same digits, same scale): {@code 42.50},
	 * {@code 12345678901234567.89}, {@code 1e+3} for 1E+3. A decimal whose digits are a double's shortest ones gets
	 * the very text {@code JSON.stringify} writes for that double.
	 */
	static String decimalText(BigDecimal value) {
		StringBuilder out = new StringBuilder(24);
		appendDecimal(out, value);
		return out.toString();
	}

	/** A number of a tree, written as the same value would be written from Java. */
	static void appendNode(StringBuilder out, JsonNode node) {
		if (node.isIntegralNumber()) {
			if (node.canConvertToLong()) {
				out.append(node.longValue());
			}
			else {
				appendInteger(out, node.bigIntegerValue());
			}
		}
		else if (node.isFloat()) {
			appendFloat(out, node.floatValue());
		}
		else if (node.isBigDecimal()) {
			appendExact(out, node.decimalValue());
		}
		else {
			appendDouble(out, node.doubleValue());
		}
	}

	/** An integer of any size, refused when it is longer than a worker reads. */
	static void appendInteger(StringBuilder out, BigInteger value) {
		int start = out.length();
		out.append(value);
		checkLength(out, start);
	}

	/** A decimal as {@link #decimalText}, refused when it is longer than a worker reads. */
	static void appendExact(StringBuilder out, BigDecimal value) {
		int start = out.length();
		appendDecimal(out, value);
		checkLength(out, start);
	}

	static void appendDouble(StringBuilder out, double value) {
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

	static void appendFloat(StringBuilder out, float value) {
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

	private static void checkLength(StringBuilder out, int start) {
		int length = out.length() - start;
		if (length > MAX_NUMBER_LENGTH) {
			throw new UnwritableValueException("is a number written with " + length
					+ " characters, more than a worker reads (" + MAX_NUMBER_LENGTH + ")", false);
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
	 * {@code 4.9e-324}). Only a subnormal double can have both a one-digit and a different two-digit decimal reading
	 * back as itself (elsewhere the spacing of doubles is far finer than two digits), so only there are the
	 * one-digit neighbours tried, and the one nearest to the value taken.
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

}
