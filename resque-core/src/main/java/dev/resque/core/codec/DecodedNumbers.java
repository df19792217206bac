package dev.resque.core.codec;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonParser;
import tools.jackson.core.io.schubfach.FloatToDecimal;
import tools.jackson.databind.JsonNode;

/**
 * The Java number a JSON number is decoded as, from a token stream or from a tree alike. An integer is an
 * {@code Integer}, a {@code Long} or a {@code BigInteger}, by size. A number with a fraction or an exponent is a
 * {@code Double} when it has exactly the digits and scale of that double's {@code JSON.stringify} text (as
 * node-resque and this codec write doubles), else a {@code BigDecimal} holding exactly the digits and scale of the
 * text (Ruby's {@code 1.0}, an exact decimal): nothing a payload says about a number is lost between decoding and
 * binding.
 */
final class DecodedNumbers {

	private DecodedNumbers() {
	}

	/** The integer the parser is on. */
	static Object integer(JsonParser parser) {
		return switch (parser.getNumberType()) {
			case INT -> parser.getIntValue();
			case LONG -> parser.getLongValue();
			default -> parser.getBigIntegerValue();
		};
	}

	/**
	 * The number with a fraction or an exponent the parser is on: the double, when the text is what
	 * {@code JSON.stringify} writes for it, else as {@link #decimalOrDouble}. Text laid out as JavaScript lays out
	 * numbers, with at most 15 significant digits, is the double's own text without formatting the double: two
	 * decimals of 15 digits never read as the same normal double, so those digits are its shortest.
	 */
	static Object fraction(JsonParser parser) {
		double value = parser.getDoubleValue();
		char[] text = parser.getTextCharacters();
		if (Double.isFinite(value) && text != null) {
			int digits = javascriptLayoutDigits(text, parser.getTextOffset(), parser.getTextLength());
			if (digits > 0 && ((digits <= 15 && Math.abs(value) >= Double.MIN_NORMAL)
					|| JsonNumbers.numberText(value).equals(parser.getString()))) {
				return value;
			}
		}
		return decimalOrDouble(parser.getDecimalValue());
	}

	/** A number node of a tree read with fractions as exact decimals, as {@link #fraction} reads the same text. */
	static Object of(JsonNode node) {
		if (node.isIntegralNumber()) {
			if (node.canConvertToInt()) {
				return node.intValue();
			}
			if (node.canConvertToLong()) {
				return node.longValue();
			}
			return node.bigIntegerValue();
		}
		if (node.isBigDecimal()) {
			return decimalOrDouble(node.decimalValue());
		}
		if (node.isFloat()) {
			// a float means its shortest decimal (0.1f is 0.1), as JavaScript and Ruby would read it
			return Double.parseDouble(FloatToDecimal.toString(node.floatValue()));
		}
		return node.doubleValue();
	}

	/**
	 * The double when the decimal has exactly the digits and scale of the double's {@code JSON.stringify} text (1E-7
	 * read from {@code 1e-07}), so that binding it to a {@code BigDecimal} gives the decimal back; else the decimal
	 * itself ({@code 42.50}, {@code 1.0}, {@code 12345678901234567.89}).
	 */
	static Object decimalOrDouble(BigDecimal decimal) {
		double value = decimal.doubleValue();
		if (Double.isFinite(value) && JsonNumbers.numberText(value).equals(JsonNumbers.decimalText(decimal))) {
			return value;
		}
		return decimal;
	}

	/** Whether a decoded (or Java) value is a number whose digits a conversion through a token buffer could lose. */
	static boolean isFraction(@Nullable Object value) {
		return value instanceof Double || value instanceof BigDecimal || value instanceof Float;
	}

	/**
	 * How many significant digits a JSON number with a fraction or an exponent has, when it is laid out as
	 * ECMAScript's Number::toString lays out digits ({@code 12.5}, {@code 0.00125}, {@code 1.25e+21}: no redundant
	 * zero, exponent form exactly where JavaScript uses it); -1 when it is laid out otherwise ({@code 12.50},
	 * {@code 1E21}, {@code 1.0}). Read in place, without allocating: the decoder asks this of every fraction it reads.
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

}
