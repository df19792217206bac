package dev.resque.core.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resque.core.job.Job;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Arguments as a worker decodes them, bound to {@code perform} parameters by the binder alone; and that neither the
 * binder nor any other public type of the codec hands Jackson's types to its callers.
 */
class ArgumentBinderTests {

	private final JobCodec codec = new JobCodec();

	private final ArgumentBinder binder = new ArgumentBinder(this.codec);

	@Test
	void bindsEachArgumentToItsParameterByPosition() {
		Object[] bound = bind(Typed.class,
				"{\"class\":\"Typed\",\"queue\":\"q\",\"args\":[7,\"x\",[1,2],{\"name\":\"Ada\"}]}");
		assertThat(bound).containsExactly(7, "x", List.of(1L, 2L), new Person("Ada"));
	}

	@Test
	void bindsTheTrailingArgumentsToAVarargsParameter() {
		Object[] bound = bind(Varargs.class, "{\"class\":\"Varargs\",\"queue\":\"q\",\"args\":[\"a\",1,2,3]}");
		assertThat(bound[0]).isEqualTo("a");
		assertThat((int[]) bound[1]).containsExactly(1, 2, 3);
	}

	@Test
	void bindsGenericParametersByTheirFullType() {
		Object[] invoices = bind(Invoices.class,
				"{\"class\":\"Invoices\",\"queue\":\"q\",\"args\":[[{\"id\":\"A-1\",\"total\":42.50}],"
						+ "{\"EUR\":{\"amount\":0.1,\"currency\":\"EUR\"}}]}");
		assertThat(invoices).containsExactly(List.of(new Invoice("A-1", new BigDecimal("42.50"))),
				Map.of("EUR", new Money(new BigDecimal("0.1"), "EUR")));
		assertThat(((List<?>) invoices[0]).get(0)).isInstanceOf(Invoice.class);
	}

	@Test
	void bindsATypeVariableOfAGenericSuperclassAsTheJobClassBindsIt() {
		Object[] bound = bind(InvoiceBatch.class,
				"{\"class\":\"InvoiceBatch\",\"queue\":\"q\",\"args\":[[{\"id\":\"A-1\",\"total\":1}]]}");
		assertThat(bound).containsExactly(List.of(new Invoice("A-1", BigDecimal.ONE)));
	}

	@Test
	void aTreeParameterGetsEveryArgumentAsOneArrayEvenWhenThereIsOne() {
		Object tree = bind(Tree.class, "{\"class\":\"Tree\",\"queue\":\"q\",\"args\":[{\"k\":1}]}")[0];
		assertThat(tree).isEqualTo(JsonMapper.builder().build().readTree("[{\"k\":1}]"));
	}

	@Test
	void givesRawArgumentsAsAListOrATreeWithFractionsAsDoubles() {
		String payload = "{\"class\":\"Raw\",\"queue\":\"q\",\"args\":[42.50,{\"p\":[0.1]},\"s\"]}";
		assertThat(bind(Raw.class, payload)).containsExactly(List.of(42.5, Map.of("p", List.of(0.1)), "s"));
		Object tree = bind(Tree.class, payload.replace("Raw", "Tree"))[0];
		assertThat(tree).isEqualTo(JsonMapper.builder().build().readTree("[42.5,{\"p\":[0.1]},\"s\"]"));
		assertThat(((JsonNode) tree).get(0).isDouble()).isTrue();
	}

	@Test
	void anArgumentThatDoesNotFitNamesTheJobTheArgumentAndTheParameter() {
		assertThatThrownBy(() -> bind(Typed.class, "{\"class\":\"Typed\",\"queue\":\"q\",\"args\":[\"one\",\"x\",[],{}]}"))
			.isInstanceOf(ArgumentBindingException.class)
			.hasMessageStartingWith("Job Typed: argument 1 (\"one\") cannot be bound to parameter count of type int: ")
			.hasCauseInstanceOf(JacksonException.class);
	}

	@Test
	void nullForAPrimitiveParameterIsRefusedWithoutACause() {
		assertThatThrownBy(() -> bind(Typed.class, "{\"class\":\"Typed\",\"queue\":\"q\",\"args\":[null,\"x\",[],{}]}"))
			.isInstanceOf(ArgumentBindingException.class)
			.hasMessage("Job Typed: argument 1 is null but parameter count is a int")
			.hasNoCause();
	}

	@Test
	void describesValuesAsJsonAndWhatHasNoJsonFormAsText() {
		assertThat(this.binder.describe(List.of(1, "a", Map.of("k", 0.5)))).isEqualTo("[1,\"a\",{\"k\":0.5}]");
		assertThat(this.binder.describe(Double.NaN)).isEqualTo("NaN");
		assertThat(this.binder.describe(new BigDecimal("42.50"))).isEqualTo("42.50");
	}

	@Test
	void noPublicTypeOfTheCodecExposesJackson() {
		for (Class<?> type : List.of(JobCodec.class, ArgumentBinder.class, ArgumentBindingException.class,
				HeldRecord.class, InvalidPayloadException.class, JobEncodingException.class, PingRecord.class,
				ResqueDates.class, RubyText.class, Utf8.class, WireDialect.class)) {
			List<Executable> members = new ArrayList<>(Arrays.asList(type.getDeclaredMethods()));
			members.addAll(Arrays.<Constructor<?>>asList(type.getDeclaredConstructors()));
			for (Executable member : members) {
				if (!Modifier.isPublic(member.getModifiers()) && !Modifier.isProtected(member.getModifiers())) {
					continue;
				}
				List<Type> signature = new ArrayList<>(Arrays.asList(member.getGenericParameterTypes()));
				if (member instanceof Method method) {
					signature.add(method.getGenericReturnType());
				}
				assertThat(signature).as("%s", member)
					.allSatisfy((part) -> assertThat(part.getTypeName()).doesNotContain("tools.jackson"));
			}
		}
	}

	@Test
	void neverLoadsAClassAPayloadNames() {
		String canary = Canary.class.getName();
		for (Class<?> job : List.of(TakesClass.class, TakesClassList.class, TakesRecordWithClass.class)) {
			String args = (job == TakesRecordWithClass.class) ? "[{\"type\":\"" + canary + "\"}]"
					: (job == TakesClassList.class) ? "[[\"" + canary + "\"]]" : "[\"" + canary + "\"]";
			assertThatExceptionOfType(ArgumentBindingException.class)
				.isThrownBy(() -> bind(job, "{\"class\":\"J\",\"queue\":\"q\",\"args\":" + args + "}"))
				.withMessageContaining("cannot be read as a java.lang.Class, which is not data");
		}
		assertThat(CANARY_INITIALISED.get()).as("the class named in the payload was initialised").isFalse();
	}

	private Object[] bind(Class<?> job, String payload) {
		Job decoded = this.codec.decode(payload, null);
		Method perform = Arrays.stream(job.getMethods())
			.filter((method) -> method.getName().equals("perform"))
			.findFirst()
			.orElseThrow();
		return this.binder.bind(decoded.name(), job, perform, decoded.args());
	}

	/** Set by {@link Canary}'s initialiser; reading it does not initialise Canary, as reading Canary's own would. */
	static final AtomicBoolean CANARY_INITIALISED = new AtomicBoolean();

	/** Initialising it, as loading a class by name does, leaves a trace. */
	static class Canary {

		static {
			CANARY_INITIALISED.set(true);
		}

	}

	static class TakesClass {

		public void perform(Class<?> type) {
		}

	}

	static class TakesClassList {

		public void perform(List<Class<?>> types) {
		}

	}

	record WithType(Class<?> type) {
	}

	static class TakesRecordWithClass {

		public void perform(WithType value) {
		}

	}

	static class Typed {

		public void perform(int count, String label, List<Long> ids, Person person) {
		}

	}

	static class Varargs {

		public void perform(String first, int... rest) {
		}

	}

	static class Raw {

		public void perform(List<Object> args) {
		}

	}

	static class Tree {

		public void perform(JsonNode args) {
		}

	}

	record Person(String name) {
	}

	record Invoice(String id, BigDecimal total) {
	}

	record Money(BigDecimal amount, String currency) {
	}

	static class Invoices {

		public void perform(List<Invoice> invoices, Map<String, Money> totals) {
		}

	}

	abstract static class Batch<T> {

		public void perform(List<T> items) {
		}

	}

	static class InvoiceBatch extends Batch<Invoice> {

	}

}
