package dev.resque.core.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Strict UTF-8 for bytes read from Redis. Java's usual decoding replaces a bad byte with U+FFFD, which would make
 * a worker run a job other than the one in Redis and then fail to match the bytes it holds; a payload that is not
 * UTF-8 must be refused instead, with its bytes kept.
 */
public final class Utf8 {

	private Utf8() {
	}

	/** The text of the bytes, or {@code null} when they are not valid UTF-8. */
	public static @Nullable String decode(byte[] bytes) {
		if (isAscii(bytes)) {
			// most payloads are ASCII: no decoder needed, and Latin-1 strings are stored compactly
			return new String(bytes, StandardCharsets.ISO_8859_1);
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/** Where the first byte that does not belong to valid UTF-8 is, for error messages; -1 when there is none. */
	public static int firstInvalidOffset(byte[] bytes) {
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(bytes.length);
		// the decoder stops at the first malformed sequence, with the input positioned on it
		CoderResult result = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(in, out, true);
		return result.isError() ? in.position() : -1;
	}

	private static boolean isAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

}
