package dev.resque.core.codec;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.ser.std.ToStringSerializer;
import tools.jackson.databind.type.TypeBindings;
import tools.jackson.databind.type.TypeFactory;

/**
 * The codec's own Jackson mapper and the two things it is for: turning arguments that are not plain JSON (records,
 * beans, {@code java.time} types...) into trees for {@link JsonWriter}, refusing what is not data, and converting
 * decoded arguments to the types of a {@code perform} method's parameters for {@link ArgumentBinder}. It is never
 * the application's mapper, so that {@code spring.jackson.*} settings cannot change the bytes other processes match
 * on.
 */
final class ArgumentMapping {

	/**
	 * Types that stand for something running, open or loaded in this JVM, or for code, rather than for data; each
	 * covers its subtypes.
	 */
	private static final List<Class<?>> NOT_DATA = List.of(Thread.class, ThreadGroup.class, Process.class,
			ProcessHandle.class, Runtime.class, java.util.concurrent.Future.class, java.util.concurrent.Executor.class,
			java.util.concurrent.locks.Lock.class, Class.class, ClassLoader.class, Module.class, Package.class,
			java.lang.reflect.Member.class, java.lang.reflect.Parameter.class, java.lang.invoke.MethodHandle.class,
			AutoCloseable.class, java.util.Iterator.class, java.util.Spliterator.class, java.util.Enumeration.class);

	private final JsonMapper mapper;

	ArgumentMapping() {
		// Locale as Ruby and Java's toString write it (en_GB), not as a language tag; an object without
		// properties would silently become {}, so it fails instead
		SimpleModule wireTypes = new SimpleModule("resque-wire-types").addSerializer(Locale.class,
				ToStringSerializer.instance);
		for (Class<?> type : NOT_DATA) {
			wireTypes.addSerializer(type, new NotDataSerializer());
			refuseToRead(wireTypes, type);
		}
		this.mapper = JsonMapper.builder()
			.addModule(wireTypes)
			.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.build();
	}

	/** The mapper, for the codec's reader: one mapper reads and writes everything the codec handles. */
	JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * A value that is not one of the plain JSON types, as Jackson writes it; what Jackson cannot write, or writes
	 * only as a dump of some getters, is refused saying what and where.
	 * @throws UnwritableValueException when the value has no faithful JSON form
	 */
	JsonNode toPlainTree(Object value) {
		Class<?> type = value.getClass();
		if (type.isHidden() || type.isSynthetic()) {
			throw new UnwritableValueException("is a lambda or another generated class, which is not data", false);
		}
		try {
			return this.mapper.valueToTree(value);
		}
		catch (NotDataException ex) {
			throw withPath(new UnwritableValueException(ex.getOriginalMessage(), false), ex, Integer.MAX_VALUE);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof StackOverflowError) {
				// Jackson reports a bean holding itself, through any chain, as infinite recursion
				throw withPath(new UnwritableValueException("contains itself, which JSON cannot write", true), ex, 6);
			}
			throw withPath(new UnwritableValueException("cannot be written: " + ex.getOriginalMessage()
					+ "; use JSON-friendly types (strings, numbers, booleans, lists, maps, records)", false, ex), ex,
					Integer.MAX_VALUE);
		}
		catch (StackOverflowError ex) {
			// what Jackson does not catch itself: a map with non-string keys, or a primitive array, holding itself
			throw new UnwritableValueException("contains itself, or nests deeper than Jackson can write", false);
		}
	}

	/**
	 * The Jackson type of a parameter, in full: {@code List<Invoice>} with its element type, and a type variable
	 * of a generic superclass ({@code perform(List<T>)} in {@code BatchJob<T>}) as the job class binds it.
	 */
	JavaType parameterType(Class<?> jobClass, Method method, int index) {
		Type generic = method.getGenericParameterTypes()[index];
		if (generic instanceof Class<?> plain) {
			return this.mapper.constructType(plain);
		}
		TypeFactory types = this.mapper.getTypeFactory();
		JavaType declaring = types.constructType(jobClass).findSuperType(method.getDeclaringClass());
		return types.resolveMemberType(generic,
				(declaring != null) ? declaring.getBindings() : TypeBindings.emptyBindings());
	}

	/**
	 * Converts a decoded argument to a parameter's type as Jackson, with its default settings, reads the argument's
	 * JSON text; so a number arrives as the payload wrote it (see {@link ArgumentBinder}).
	 * @throws JacksonException when the value does not fit the type
	 * @throws UnwritableValueException when the value has no JSON form
	 */
	@Nullable Object convert(@Nullable Object value, JavaType type) {
		if (!JsonValues.anyScalar(value, DecodedNumbers::isFraction)) {
			// no digits to lose: converting through Jackson's token buffer is cheaper than through text; null as a
			// JSON null, so that an Optional parameter gets Optional.empty()
			return this.mapper.convertValue((value != null) ? value : NullNode.getInstance(), type);
		}
		// a token buffer would hand a BigDecimal parameter Double 0.1 as 0.1000000000000000055..., or 1e21 as 1.0E+21
		StringBuilder text = new StringBuilder();
		JsonWriter.appendValue(text, value, this::toPlainTree);
		return this.mapper.readValue(text.toString(), type);
	}

	/**
	 * Decoded arguments as a JSON array tree, for a {@code perform} method that takes a tree.
	 * @throws JobEncodingException when they have no plain JSON form
	 */
	ArrayNode argsTree(String jobName, List<?> args) {
		try {
			JsonNode tree = this.mapper.valueToTree(args);
			if (!(tree instanceof ArrayNode array)) {
				throw new IllegalStateException("arguments did not become a JSON array");
			}
			checkPlain(array);
			return array;
		}
		catch (JacksonException | IllegalArgumentException | IllegalStateException ex) {
			throw JobEncodingException.ofArguments(jobName, ex);
		}
	}

	private static void checkPlain(JsonNode node) {
		switch (node.getNodeType()) {
			case BINARY, POJO -> throw new IllegalArgumentException(
					"a value of type " + node.getNodeType() + " has no plain JSON form");
			case ARRAY, OBJECT -> node.forEach(ArgumentMapping::checkPlain);
			default -> {
			}
		}
	}

	/** Jackson's reference chain (outermost first) as the place inside the value, cut after {@code limit} steps. */
	private static UnwritableValueException withPath(UnwritableValueException refusal, JacksonException ex,
			int limit) {
		List<JacksonException.Reference> chain = ex.getPath();
		int steps = Math.min(chain.size(), limit);
		for (int i = steps - 1; i >= 0; i--) {
			JacksonException.Reference step = chain.get(i);
			if (step.getPropertyName() != null) {
				refusal.at(step.getPropertyName());
			}
			else if (step.getIndex() >= 0) {
				refusal.at(step.getIndex());
			}
		}
		return refusal;
	}

	/**
	 * No argument is read as a {@link #NOT_DATA} type, wherever Jackson would meet it (a parameter, a list's
	 * element, a record's component): Jackson reads a {@code Class} from a name by loading that class, which would
	 * let a payload load, and initialise, a class of its choosing.
	 */
	private static <T> void refuseToRead(SimpleModule module, Class<T> type) {
		module.addDeserializer(type, new ValueDeserializer<T>() {
			@Override
			public T deserialize(JsonParser parser, DeserializationContext context) {
				throw new NotDataException(parser, "cannot be read as a " + type.getName()
						+ ", which is not data: a job's parameters take what a payload can carry (a name, an id, a"
						+ " path), never code or live objects");
			}
		});
	}

	/**
	 * Refuses a value of a {@link #NOT_DATA} type wherever Jackson meets it (a record's component, a map's value),
	 * instead of writing some of its getters.
	 */
	private static final class NotDataSerializer extends StdSerializer<Object> {

		NotDataSerializer() {
			super(Object.class);
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			throw new NotDataException(generator, "is a " + value.getClass().getName()
					+ ", which is not data: it means nothing to a worker in another process; pass what the job needs"
					+ " to find or rebuild it (a name, an id, a path) instead");
		}

	}

	private static final class NotDataException extends DatabindException {

		NotDataException(JsonGenerator generator, String message) {
			super(generator, message);
		}

		NotDataException(JsonParser parser, String message) {
			super(parser, message);
		}

	}

}
