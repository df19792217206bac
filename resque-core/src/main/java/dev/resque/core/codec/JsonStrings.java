package dev.resque.core.codec;

/**
 * JSON string literals as {@code JSON.stringify} writes them: only {@code "}, {@code \}, control characters and lone
 * surrogates escaped, everything else as it is. Kept apart from the value writer because every record format
 * (failed, working-on, ping) quotes its text fields here too.
 */
final class JsonStrings {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private JsonStrings() {
	}

	/** A JSON string literal for the given text. */
	static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2);
		append(out, text);
		return out.toString();
	}

	/**
	 * Appends a JSON string literal, a lone surrogate escaped as {@code \ud800}.
	 * @return the index of the first lone surrogate, or -1: a job argument must not have one, and finding it while
	 * writing spares arguments a second pass over every string
	 */
	static int append(StringBuilder out, String value) {
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
		StringBuilder escaped = new StringBuilder(6);
		appendUnicodeEscape(escaped, value.charAt(index));
		return new UnwritableValueException(what + " a lone surrogate (" + escaped + " at index " + index
				+ "), which UTF-8 cannot carry; send whole characters", false);
	}

	private static void appendUnicodeEscape(StringBuilder out, char c) {
		out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
			.append(HEX[c & 0xF]);
	}

}
