package dev.resque.core.codec;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/** Questions about decoded JSON values (scalars, lists and string-keyed maps) asked before binding them. */
final class JsonValues {

	private JsonValues() {
	}

	/** Whether the value, or any value nested in its lists and maps, passes the test. */
	static boolean anyScalar(@Nullable Object value, Predicate<@Nullable Object> test) {
		if (value instanceof List<?> list) {
			for (Object element : list) {
				if (anyScalar(element, test)) {
					return true;
				}
			}
			return false;
		}
		if (value instanceof Map<?, ?> map) {
			for (Object element : map.values()) {
				if (anyScalar(element, test)) {
					return true;
				}
			}
			return false;
		}
		return test.test(value);
	}

}
