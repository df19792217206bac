package dev.resque.core.job;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.resque.core.job.JobRegistry;

/**
 * Finds the {@link ResqueJob} beans once all singletons exist and registers them by job name. The bean itself
 * is looked up by name each time a job runs, so prototype, lazy and proxied job beans behave as beans should.
 */
public class ResqueJobRegistrar implements SmartInitializingSingleton, BeanFactoryAware {

	private final JobRegistry registry;

	private ConfigurableListableBeanFactory beanFactory;

	public ResqueJobRegistrar(JobRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(ResqueJob.class)) {
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type == null) {
				type = this.beanFactory.getType(beanName);
			}
			if (type == null) {
				continue;
			}
			this.registry.register(JobDefinition.of(type), () -> this.beanFactory.getBean(beanName));
		}
	}

}
