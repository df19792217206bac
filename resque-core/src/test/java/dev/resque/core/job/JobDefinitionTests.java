package dev.resque.core.job;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which {@code perform} methods a job class may declare: one per number of arguments, none static, and which of
 * them read their arguments raw.
 */
class JobDefinitionTests {

	@Test
	void twoPerformMethodsTakingTheSameNumberOfArgumentsAreRefusedNamingBoth() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobDefinition.of(Overloaded.class))
			.withMessage("Job " + Overloaded.class.getName() + " has perform methods that take the same number of "
					+ "arguments: perform(String) and perform(int) both take 1 argument. A job's JSON arguments do "
					+ "not say which one to call; declare one perform per number of arguments (a varargs perform, or "
					+ "one taking List<Object> or JsonNode, counts for every number it can take): rename or merge the "
					+ "others");
	}

	@Test
	void aVarargsOrRawPerformClashesWithEveryNumberOfArgumentsItCanTake() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobDefinition.of(VarargsBesideFixed.class))
			.withMessageContaining("perform(String, int) and perform(String, int...) both take 2 arguments; "
					+ "perform(String, int...) and perform(String, int, int) both take 3 arguments.");
		assertThatIllegalArgumentException().isThrownBy(() -> JobDefinition.of(RawBesideFixed.class))
			.withMessageContaining(": perform() and perform(List<Object>) both take 0 arguments.");
	}

	@Test
	void theCheckHoldsForEveryDefinitionARegistryIsGiven() throws Exception {
		List<Method> clashing = List.of(Overloaded.class.getMethod("perform", String.class),
				Overloaded.class.getMethod("perform", int.class));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JobRegistry().register(
					new JobDefinition(Overloaded.class, "Overloaded", "q", clashing, "", "", List.of(), null, 0), Object::new))
			.withMessageContaining("perform(String) and perform(int) both take 1 argument");
	}

	@Test
	void performMethodsOfDifferentArgumentCountsAreEachFoundByTheirCount() {
		JobDefinition definition = JobDefinition.of(ByCount.class);
		assertThat(definition.describePerformMethods())
			.isEqualTo("[perform(), perform(String), perform(String, String, int...)]");
		assertThat(definition.performMethod(0)).get().extracting(Method::getParameterCount).isEqualTo(0);
		assertThat(definition.performMethod(1)).get().extracting(Method::getParameterCount).isEqualTo(1);
		assertThat(definition.performMethod(2)).get().extracting(JobDefinition::signature)
			.isEqualTo("perform(String, String, int...)");
		assertThat(definition.performMethod(5)).get().extracting(JobDefinition::signature)
			.isEqualTo("perform(String, String, int...)");
	}

	@Test
	void aStaticPerformIsRefusedForAWorkerWouldNeverCallIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobDefinition.of(StaticPerform.class))
			.withMessage("Job " + StaticPerform.class.getName() + " declares perform(String) static; a worker calls "
					+ "perform on the job's bean, so make it an instance method");
	}

	@Test
	void aPerformThatIsNotPublicIsNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobDefinition.of(PrivatePerform.class))
			.withMessage("Job " + PrivatePerform.class.getName()
					+ " has no public perform method; perform(long) is not public: make it public");
		assertThatIllegalArgumentException().isThrownBy(() -> JobDefinition.of(NoPerform.class))
			.withMessage("Job " + NoPerform.class.getName()
					+ " has no public perform method; declare one such as perform(String id)");
	}

	@Test
	void onlyAListOfObjectsOrAJsonArrayReadsTheArgumentsRaw() throws Exception {
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("objects", List.class))).isTrue();
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("raw", List.class))).isTrue();
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("wildcard", List.class))).isTrue();
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("tree", JsonNode.class))).isTrue();
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("array", ArrayNode.class))).isTrue();
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("invoices", List.class))).isFalse();
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("object", ObjectNode.class))).isFalse();
		assertThat(JobDefinition.takesRawArguments(Parameters.class.getMethod("maps", List.class))).isFalse();
	}

	@Test
	void aTypedListIsOneArgumentAndSignaturesShowTheirTypeArguments() {
		JobDefinition definition = JobDefinition.of(Invoices.class);
		assertThat(definition.accepts(1)).isTrue();
		assertThat(definition.accepts(0)).isFalse();
		assertThat(definition.accepts(3)).isFalse();
		assertThat(definition.describeMismatch(3))
			.isEqualTo("Job Invoices takes [perform(List<Invoice>)] but was given 3 argument(s)");
		assertThat(JobDefinition.of(Totals.class).describePerformMethods())
			.isEqualTo("[perform(Map<String, ? extends Number>, List<int[]>, T[]...)]");
	}

	@Test
	void bridgeMethodsOfAGenericInterfaceAreNoOverloads() {
		JobDefinition definition = JobDefinition.of(InvoiceHandler.class);
		assertThat(definition.describePerformMethods()).isEqualTo("[perform(Invoice)]");
	}

	@ResqueJob
	static class Overloaded {

		public void perform(String text) {
		}

		public void perform(int number) {
		}

	}

	@ResqueJob
	static class VarargsBesideFixed {

		public void perform(String text, int number) {
		}

		public void perform(String text, int... numbers) {
		}

		public void perform(String text, int number, int other) {
		}

	}

	@ResqueJob
	static class RawBesideFixed {

		public void perform() {
		}

		public void perform(List<Object> args) {
		}

	}

	@ResqueJob
	static class ByCount {

		public void perform() {
		}

		public void perform(String text) {
		}

		public void perform(String text, String other, int... numbers) {
		}

	}

	@ResqueJob
	static class StaticPerform {

		public static void perform(String text) {
		}

	}

	@ResqueJob
	static class PrivatePerform {

		@SuppressWarnings("unused")
		private void perform(long millis) {
		}

	}

	@ResqueJob
	static class NoPerform {

	}

	@SuppressWarnings({ "rawtypes", "unused" })
	static class Parameters {

		public void objects(List<Object> args) {
		}

		public void raw(List args) {
		}

		public void wildcard(List<?> args) {
		}

		public void tree(JsonNode args) {
		}

		public void array(ArrayNode args) {
		}

		public void invoices(List<Invoice> invoices) {
		}

		public void object(ObjectNode object) {
		}

		public void maps(List<Map<String, Object>> maps) {
		}

	}

	record Invoice(String id, BigDecimal total) {
	}

	@ResqueJob
	static class Invoices {

		public void perform(List<Invoice> invoices) {
		}

	}

	@ResqueJob
	static class Totals {

		@SafeVarargs
		public final <T> void perform(Map<String, ? extends Number> totals, List<int[]> rows, T[]... more) {
		}

	}

	interface Handler<T> {

		void perform(T item);

	}

	@ResqueJob
	static class InvoiceHandler implements Handler<Invoice> {

		@Override
		public void perform(Invoice invoice) {
		}

	}

}
