package dev.resque.core.contract;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.resque.core.job.JobDefinition;

/**
 * The JSON Schema (2020-12) of a job's arguments, from its {@code perform} signatures: an array whose items are
 * the parameters in order, each typed as the argument binder reads it (a {@code Locale} as its {@code en_GB} text,
 * an enum as its name, a record as an object of its components, {@code Optional} as the value or null). Several
 * {@code perform} methods give one schema per arity under {@code anyOf}; a method that reads its raw arguments
 * accepts any array. Parameter names come from the class file (the project compiles with {@code -parameters});
 * without them they are {@code arg0}, {@code arg1}...
 */
public final class JobSchemas {

	private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

	private static final int MAX_DEPTH = 8;

	private JobSchemas() {
	}

	/** The schema of a job, as a tree of maps and lists that the codec writes as JSON. */
	public static Map<String, Object> of(JobDefinition job) {
		List<Map<String, Object>> variants = new ArrayList<>();
		List<String> parameters = List.of();
		for (Method method : job.performMethods()) {
			variants.add(arguments(method));
			if (method.getParameterCount() >= parameters.size()) {
				parameters = names(method);
			}
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("$schema", DIALECT);
		schema.put("title", job.name());
		if (variants.size() == 1) {
			schema.putAll(variants.get(0));
		}
		else {
			schema.put("anyOf", variants);
		}
		schema.put("x-resque-queue", job.queue());
		schema.put("x-resque-parameters", parameters);
		return schema;
	}

	private static Map<String, Object> arguments(Method method) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "array");
		if (JobDefinition.takesRawArguments(method)) {
			return schema;
		}
		Parameter[] parameters = method.getParameters();
		int fixed = method.isVarArgs() ? parameters.length - 1 : parameters.length;
		List<Object> items = new ArrayList<>();
		for (int i = 0; i < fixed; i++) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("title", parameters[i].getName());
			item.putAll(type(parameters[i].getParameterizedType(), 0));
			items.add(item);
		}
		if (!items.isEmpty()) {
			schema.put("prefixItems", items);
		}
		schema.put("minItems", fixed);
		if (method.isVarArgs()) {
			schema.put("items", type(parameters[fixed].getType().getComponentType(), 0));
		}
		else {
			schema.put("maxItems", fixed);
		}
		return schema;
	}

	private static List<String> names(Method method) {
		List<String> names = new ArrayList<>();
		for (Parameter parameter : method.getParameters()) {
			names.add(parameter.getName());
		}
		return names;
	}

	/** A Java type's schema; a reference type may also be null, as JSON null binds to it. */
	static Map<String, Object> type(Type type, int depth) {
		Class<?> raw = rawClass(type);
		if (raw.isPrimitive()) {
			return Map.of("type", scalar(raw));
		}
		if (raw == Optional.class) {
			return Map.of("anyOf", List.of(type(argument(type, 0), depth + 1), Map.of("type", "null")));
		}
		String scalar = scalar(raw);
		if (scalar != null) {
			Map<String, Object> schema = new LinkedHashMap<>();
			schema.put("type", List.of(scalar, "null"));
			String format = format(raw);
			if (format != null) {
				schema.put("format", format);
			}
			if (raw.isEnum()) {
				List<Object> names = new ArrayList<>();
				for (Object constant : raw.getEnumConstants()) {
					names.add(((Enum<?>) constant).name());
				}
				names.add(null);
				schema.put("enum", names);
			}
			return schema;
		}
		if (depth > MAX_DEPTH) {
			return Map.of();
		}
		if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
			Type element = raw.isArray() ? componentType(type) : argument(type, 0);
			return Map.of("type", List.of("array", "null"), "items", type(element, depth + 1));
		}
		if (Map.class.isAssignableFrom(raw)) {
			return Map.of("type", List.of("object", "null"), "additionalProperties", type(argument(type, 1), depth + 1));
		}
		if (raw.isRecord()) {
			Map<String, Object> properties = new LinkedHashMap<>();
			List<String> required = new ArrayList<>();
			for (RecordComponent component : raw.getRecordComponents()) {
				properties.put(component.getName(), type(component.getGenericType(), depth + 1));
				if (component.getType().isPrimitive()) {
					required.add(component.getName());
				}
			}
			Map<String, Object> schema = new LinkedHashMap<>();
			schema.put("type", List.of("object", "null"));
			schema.put("properties", properties);
			if (!required.isEmpty()) {
				schema.put("required", required);
			}
			return schema;
		}
		if (raw == Object.class || raw == Number.class || raw.getName().startsWith("tools.jackson")) {
			return (raw == Number.class) ? Map.of("type", List.of("number", "null")) : Map.of();
		}
		return Map.of("type", List.of("object", "null"));
	}

	private static @Nullable String scalar(Class<?> type) {
		if (type == String.class || type == char.class || type == Character.class || type == Locale.class
				|| type == UUID.class || type.isEnum() || format(type) != null) {
			return "string";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "boolean";
		}
		if (Set.of(int.class, long.class, short.class, byte.class, Integer.class, Long.class, Short.class, Byte.class,
				BigInteger.class).contains(type)) {
			return "integer";
		}
		if (Set.of(double.class, float.class, Double.class, Float.class, BigDecimal.class).contains(type)) {
			return "number";
		}
		return null;
	}

	private static @Nullable String format(Class<?> type) {
		if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
				|| type == LocalDateTime.class) {
			return "date-time";
		}
		if (type == LocalDate.class) {
			return "date";
		}
		if (type == LocalTime.class) {
			return "time";
		}
		if (type == Duration.class) {
			return "duration";
		}
		if (type == UUID.class) {
			return "uuid";
		}
		return null;
	}

	private static Class<?> rawClass(Type type) {
		if (type instanceof Class<?> cls) {
			return cls;
		}
		if (type instanceof ParameterizedType parameterized) {
			return rawClass(parameterized.getRawType());
		}
		if (type instanceof GenericArrayType array) {
			return Array.newInstance(rawClass(array.getGenericComponentType()), 0).getClass();
		}
		return Object.class;
	}

	private static Type argument(Type type, int index) {
		if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > index) {
			return parameterized.getActualTypeArguments()[index];
		}
		return Object.class;
	}

	private static Type componentType(Type type) {
		if (type instanceof GenericArrayType array) {
			return array.getGenericComponentType();
		}
		return rawClass(type).getComponentType();
	}

}
