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

	/** The job class's definition; one a worker could not call stops startup, saying what to change. */
	private static JobDefinition definition(Class<?> type, String beanName) {
		try {
			return JobDefinition.of(type);
		}
		catch (IllegalArgumentException ex) {
			throw new ResqueConfigurationException(ex.getMessage() + " (bean '" + beanName + "')",
					"Change the job class as said above: one public instance perform method for each number of "
							+ "arguments it takes.",
					ex);
		}
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
			this.registry.register(definition(type, beanName), () -> this.beanFactory.getBean(beanName));
		}
	}

}
