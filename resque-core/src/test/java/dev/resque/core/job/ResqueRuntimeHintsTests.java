package dev.resque.core.job;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a native image needs is declared, as Spring's AOT engine finds it through {@code META-INF/spring/aot.factories}:
 * every Lua script, and for each {@code @ResqueJob} bean its {@code perform} methods and the binding of their
 * parameter types. No native build runs here; the hints are checked with {@link RuntimeHintsPredicates}.
 */
class ResqueRuntimeHintsTests {

	private static final SpringFactoriesLoader AOT = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories");

	@Test
	void everyLuaScriptIsAResourceHint() throws IOException {
		RuntimeHints hints = new RuntimeHints();
		AOT.load(RuntimeHintsRegistrar.class).forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath*:dev/resque/core/redis/lua/*.lua");
		assertThat(scripts).hasSizeGreaterThan(20);
		for (Resource script : scripts) {
			assertThat(RuntimeHintsPredicates.resource().forResource("dev/resque/core/redis/lua/" + script.getFilename()))
				.accepts(hints);
		}
	}

	@Test
	void aJobBeanKeepsItsPerformAndTheBindingOfItsParameters() {
		RuntimeHints hints = contribute(PayInvoices.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PayInvoices.class, "perform")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Invoice.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Invoice.class, "total")).accepts(hints);
	}

	@Test
	void otherBeansGetNoHints() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerBeanDefinition("plain", new RootBeanDefinition(Invoice.class));
		assertThat(processors().stream().map((processor) -> processor.processAheadOfTime(RegisteredBean.of(beans, "plain"))))
			.containsOnlyNulls();
	}

	private static RuntimeHints contribute(Class<?> beanClass) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerBeanDefinition("job", new RootBeanDefinition(beanClass));
		DefaultGenerationContext generation = new DefaultGenerationContext(new ClassNameGenerator(ClassName.get(ResqueRuntimeHintsTests.class)),
				new InMemoryGeneratedFiles());
		for (BeanRegistrationAotProcessor processor : processors()) {
			BeanRegistrationAotContribution contribution = processor.processAheadOfTime(RegisteredBean.of(beans, "job"));
			if (contribution != null) {
				// the contribution writes hints only, no code
				contribution.applyTo(generation, null);
			}
		}
		return generation.getRuntimeHints();
	}

	private static List<BeanRegistrationAotProcessor> processors() {
		return AOT.load(BeanRegistrationAotProcessor.class);
	}

	record Invoice(String id, BigDecimal total) {
	}

	@ResqueJob(queue = "billing")
	static class PayInvoices {

		public void perform(List<Invoice> invoices) {
		}

	}

}
