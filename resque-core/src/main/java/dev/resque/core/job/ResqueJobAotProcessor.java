package dev.resque.core.job;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Ahead-of-time hints for {@code @ResqueJob} beans: a worker calls {@code perform} by reflection and the codec binds
 * its parameters (records, beans, collections of them) with Jackson, so a native image must keep the method and
 * what binding those parameter types needs.
 */
class ResqueJobAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = registeredBean.getBeanClass();
		if (!AnnotatedElementUtils.hasAnnotation(type, ResqueJob.class)) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), type);
	}

	static void registerHints(RuntimeHints hints, Class<?> jobType) {
		hints.reflection().registerType(jobType, MemberCategory.INVOKE_PUBLIC_METHODS);
		BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
		Arrays.stream(jobType.getMethods())
			.filter((method) -> method.getName().equals("perform"))
			.map(Method::getGenericParameterTypes)
			.forEach((parameters) -> bindings.registerReflectionHints(hints.reflection(), parameters));
	}

}
