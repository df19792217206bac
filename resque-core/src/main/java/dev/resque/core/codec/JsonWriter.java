package dev.resque.core.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;

/**
 * Writes JSON text exactly as JavaScript's {@code JSON.stringify} does: compact, object fields in JavaScript's order
 * ({@link JavaScriptKeyOrder}), numbers in JavaScript's shortest form ({@link JsonNumbers}), strings escaped as
 * {@link JsonStrings} escapes them. Finding, deleting and de-duplicating jobs compares payload bytes, so this writer
 * is the single source of those bytes.
 * <p>
 * What has no faithful JSON form is refused with an {@link UnwritableValueException} saying what and where, rather
 * than written as {@code JSON.stringify} would (NaN as {@code null}) or not at all (a list holding itself):
 * non-finite numbers, values that contain themselves, nesting or numbers longer than a worker reads, and, for job
 * arguments, strings with a lone surrogate. One writer writes one value; it keeps the lists and maps it is inside
 * of, to refuse one that contains itself (a few identity comparisons per container: arguments are seldom nested
 * more than two or three deep).
 */
final class JsonWriter {

	/** How deep one argument may nest: what our reader accepts, less the payload object and its args array. */
	static final int MAX_ARGUMENT_DEPTH = StreamReadConstraints.defaults().getMaxNestingDepth() - 2;

	private final StringBuilder out;

	private final Function<Object, JsonNode> toTree;

	private final boolean argument;

	private final boolean rubyFloats;

	private Object @Nullable [] containers;

	private int depth;

	private JsonWriter(StringBuilder out, Function<Object, JsonNode> toTree, boolean argument, boolean rubyFloats) {
		this.out = out;
		this.toTree = toTree;
		this.argument = argument;
		this.rubyFloats = rubyFloats;
	}

	/**
	 * Writes a job argument. Plain JSON types (strings, numbers, booleans, lists, collections, arrays of objects,
	 * maps with string keys), which is what arguments almost always are, are written straight to text; anything else
	 * is first turned into a tree by the given function. A string with a lone surrogate is refused: UTF-8, and so
	 * Ruby and any worker storing the text, cannot carry it.
	 * @throws UnwritableValueException when the value has no faithful JSON form
	 */
	static void appendArgument(StringBuilder out, @Nullable Object value, Function<Object, JsonNode> toTree) {
		new JsonWriter(out, toTree, true, false).value(value);
	}

	/** {@link #appendArgument}, doubles written as Ruby writes floats ({@code 1.0}, {@code 1.0e+21}, {@code -0.0}). */
	static void appendRubyArgument(StringBuilder out, @Nullable Object value, Function<Object, JsonNode> toTree) {
		new JsonWriter(out, toTree, true, true).value(value);
	}

	/**
	 * Writes a value as {@code JSON.stringify} would, lone surrogates escaped ({@code "\ud800"}); values read from a
	 * payload of another language may hold them.
	 * @throws UnwritableValueException when the value has no faithful JSON form
	 */
	static void appendValue(StringBuilder out, @Nullable Object value, Function<Object, JsonNode> toTree) {
		new JsonWriter(out, toTree, false, false).value(value);
	}

	private void value(@Nullable Object value) {
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
				JsonNumbers.appendRubyDouble(this.out, number);
			}
			else {
				JsonNumbers.appendDouble(this.out, number);
			}
		}
		else if (value instanceof Boolean bool) {
			this.out.append(bool.booleanValue());
		}
		else if (value instanceof List<?> list) {
			array(list, list, this::value);
		}
		else if (value instanceof Map<?, ?> map && hasStringKeys(map)) {
			object(map, map.entrySet(), this::value);
		}
		else if (value instanceof BigInteger number) {
			JsonNumbers.appendInteger(this.out, number);
		}
		else if (value instanceof Float number) {
			JsonNumbers.appendFloat(this.out, number);
		}
		else if (value instanceof BigDecimal number) {
			JsonNumbers.appendExact(this.out, number);
		}
		else if (value instanceof Collection<?> collection) {
			// sets and queues: in iteration order, as Jackson writes them, but with the cycle check
			array(collection, collection, this::value);
		}
		else if (value instanceof Object[] array) {
			array(array, Arrays.asList(array), this::value);
		}
		else {
			node(this.toTree.apply(value));
		}
	}

	private void node(JsonNode node) {
		switch (node.getNodeType()) {
			case OBJECT -> object(null, node.properties(), this::node);
			case ARRAY -> array(null, node, this::node);
			case STRING -> string(node.asString(), "is a string with");
			case NUMBER -> JsonNumbers.appendNode(this.out, node);
			case BOOLEAN -> this.out.append(node.booleanValue());
			case NULL, MISSING -> this.out.append("null");
			case BINARY, POJO -> throw new UnwritableValueException("is a " + node.getNodeType()
					+ " value, which has no plain JSON form; use strings, numbers, lists and maps", false);
		}
	}

	/**
	 * Writes the elements of a list, collection, array or tree array.
	 * @param container the Java value, checked for containing itself; {@code null} for a tree, which cannot
	 */
	private <T> void array(@Nullable Object container, Iterable<T> elements, Consumer<T> element) {
		enter(container);
		this.out.append('[');
		int i = 0;
		for (T each : elements) {
			if (i > 0) {
				this.out.append(',');
			}
			try {
				element.accept(each);
			}
			catch (UnwritableValueException ex) {
				throw ex.at(i);
			}
			i++;
		}
		this.out.append(']');
		leave();
	}

	/**
	 * Writes the fields of a map with string keys or of a tree object.
	 * @param container as for {@link #array}
	 */
	private <V, E extends Map.Entry<?, V>> void object(@Nullable Object container, Collection<E> entries,
			Consumer<V> value) {
		enter(container);
		this.out.append('{');
		boolean first = true;
		for (E entry : JavaScriptKeyOrder.ordered(entries)) {
			if (!first) {
				this.out.append(',');
			}
			first = false;
			String key = (String) entry.getKey();
			string(key, "has a key with");
			this.out.append(':');
			try {
				value.accept(entry.getValue());
			}
			catch (UnwritableValueException ex) {
				throw ex.at(key);
			}
		}
		this.out.append('}');
		leave();
	}

	private void string(String value, String what) {
		int lone = JsonStrings.append(this.out, value);
		if (lone >= 0 && this.argument) {
			throw JsonStrings.loneSurrogate(what, value, lone);
		}
	}

	private void enter(@Nullable Object container) {
		if (container != null) {
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
				open = Arrays.copyOf(open, this.depth * 2);
			}
			open[this.depth] = container;
			this.containers = open;
		}
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

	private static boolean hasStringKeys(Map<?, ?> map) {
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) {
				return false;
			}
		}
		return true;
	}

}
