package dev.resque.core.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which {@code JSON.stringify} writes an object's keys. A JavaScript object lists its integer-like keys
 * ({@code "0"} to {@code "4294967294"}) first, ascending, then the others in insertion order; a map written in any
 * other order would not match the bytes node-resque writes for the same arguments.
 */
final class JavaScriptKeyOrder {

	private JavaScriptKeyOrder() {
	}

	/**
	 * The entries (every key a {@code String}) in JavaScript's order: the collection itself when no key is
	 * integer-like, as is almost always the case, else a sorted copy (the sort is stable, so the other keys keep
	 * their order).
	 */
	static <E extends Map.Entry<?, ?>> Collection<E> ordered(Collection<E> entries) {
		for (E entry : entries) {
			if (isArrayIndex((String) entry.getKey())) {
				List<E> ordered = new ArrayList<>(entries);
				ordered.sort(Comparator.comparingLong((E each) -> indexOrder((String) each.getKey())));
				return ordered;
			}
		}
		return entries;
	}

	private static long indexOrder(String key) {
		return isArrayIndex(key) ? Long.parseLong(key) : Long.MAX_VALUE;
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

}
