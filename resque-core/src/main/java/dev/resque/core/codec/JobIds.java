package dev.resque.core.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Job ids: 24 lowercase hex digits (96 random bits, as Sidekiq's {@code jid}), carried at the very end of a queued
 * payload as {@code ,"id":"<id>"}}. Being last lets the Lua scripts find it by position, without decoding the JSON;
 * node-resque and Ruby Resque ignore the field. A payload without it (another program's) has no tracked id; it gets
 * a derived one, for events and logs only.
 */
public final class JobIds {

	/** The length of an id. */
	public static final int LENGTH = 24;

	private static final String FIELD = ",\"id\":\"";

	private static final HexFormat HEX = HexFormat.of();

	private JobIds() {
	}

	/** A new random id. */
	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		byte[] bits = new byte[LENGTH / 2];
		random.nextBytes(bits);
		return HEX.formatHex(bits);
	}

	/** Whether the text is an id as this library makes them. */
	public static boolean isId(@Nullable String text) {
		if (text == null || text.length() != LENGTH) {
			return false;
		}
		for (int i = 0; i < LENGTH; i++) {
			char c = text.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	/** The id a payload ends with, or null when it carries none. */
	public static @Nullable String of(String payload) {
		return at(payload, 1);
	}

	/** The id of the job in a working-on record ({@code ...,"payload":{...,"id":"<id>"}}}), or null. */
	public static @Nullable String ofRecord(String record) {
		return at(record, 2);
	}

	/** The payload with its id field added: {@code {...}} becomes {@code {...,"id":"<id>"}}. */
	public static String append(String payload, String id) {
		return payload.substring(0, payload.length() - 1) + FIELD + id + "\"}";
	}

	/**
	 * A batch member's payload: its batch's id goes just before its id ({@code ...,"batch":"<batch>","id":"<id>"}}),
	 * where the finish script finds it by position.
	 * @throws IllegalArgumentException when the payload does not end with an id
	 */
	public static String withBatch(String payload, String batchId) {
		if (of(payload) == null || !isId(batchId)) {
			throw new IllegalArgumentException("Only a tracked payload joins a batch: " + payload);
		}
		int idField = payload.length() - 1 - 1 - LENGTH - FIELD.length();
		return payload.substring(0, idField) + ",\"batch\":\"" + batchId + '"' + payload.substring(idField);
	}

	/** The batch a tracked payload belongs to, or null. */
	public static @Nullable String batchOf(String payload) {
		int idField = payload.length() - 1 - 1 - LENGTH - FIELD.length();
		String batchField = ",\"batch\":\"";
		int start = idField - 1 - LENGTH - batchField.length();
		if (of(payload) == null || start < 0 || !payload.startsWith(batchField, start) || payload.charAt(idField - 1) != '"') {
			return null;
		}
		String batch = payload.substring(start + batchField.length(), idField - 1);
		return isId(batch) ? batch : null;
	}

	/**
	 * An id for a job that carries none, from its queue and bytes: the same job gives the same id each time it is
	 * read, so that its events can be told apart and matched. Not tracked in Redis.
	 */
	public static String derived(String queue, byte[] payload) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			sha1.update(queue.getBytes(StandardCharsets.UTF_8));
			sha1.update((byte) 0);
			return HEX.formatHex(sha1.digest(payload), 0, LENGTH / 2);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is missing from this Java runtime", ex);
		}
	}

	/** A short digest of a payload, for keys that must name it without holding it. */
	public static String digest(String payload) {
		return derived("", payload.getBytes(StandardCharsets.UTF_8));
	}

	/** The id whose closing quote is followed by {@code tail} characters at the end of the text. */
	private static @Nullable String at(String text, int tail) {
		int close = text.length() - tail - 1;
		int open = close - LENGTH;
		int field = open - FIELD.length();
		if (field < 0 || text.charAt(close) != '"' || !text.startsWith(FIELD, field)) {
			return null;
		}
		String id = text.substring(open, close);
		return isId(id) ? id : null;
	}

}
