package dev.resque.autoconfigure.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.ResqueProperties;
import dev.resque.autoconfigure.ResqueShard;
import dev.resque.autoconfigure.ResqueShardLifecycle;
import dev.resque.autoconfigure.ResqueShards;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.contract.JobContracts;
import dev.resque.core.job.JobRegistry;
import dev.resque.core.job.ResqueConfigurationException;
import dev.resque.core.plugin.Retry;
import dev.resque.core.scheduler.ResqueScheduler;

/**
 * The web dashboard ({@code resque.dashboard.enabled=true}). With Spring Security it requires an authenticated
 * user with {@code resque.dashboard.role} (the application's security chain authenticates and checks CSRF
 * tokens); without it, the application refuses to start unless {@code resque.dashboard.allow-unauthenticated=true}.
 */
@AutoConfiguration(after = ResqueAutoConfiguration.class,
		afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty("resque.dashboard.enabled")
@ConditionalOnBean(ResqueAdmin.class)
@ImportRuntimeHints(DashboardRuntimeHints.class)
public final class ResqueDashboardAutoConfiguration {

	@Bean
	ResqueDashboardController resqueDashboardController(ResqueAdmin admin, ObjectProvider<ResqueScheduler> scheduler,
			ObjectProvider<JobRegistry> registry, ObjectProvider<JobContracts> contracts,
			ObjectProvider<ResqueShards> shards, ObjectProvider<ResqueShardLifecycle<ResqueScheduler>> shardSchedulers,
			ResqueProperties properties) {
		JobRegistry jobs = registry.getIfAvailable();
		List<DashboardShard> views = new ArrayList<>();
		views.add(view(ResqueShards.DEFAULT, List.of(), admin, scheduler.getIfAvailable(), jobs,
				contracts.getIfAvailable(), properties));
		ResqueShards all = shards.getIfAvailable();
		ResqueShardLifecycle<ResqueScheduler> schedulers = shardSchedulers.getIfAvailable();
		if (all != null) {
			for (ResqueShard shard : all.others()) {
				views.add(view(shard.name(), shard.queues(), shard.admin(),
						(schedulers != null) ? schedulers.members().get(shard.name()) : null, jobs,
						new JobContracts(shard.calls(), shard.keys(), shard.pipeline().codec()), properties));
			}
		}
		return new ResqueDashboardController(views, (all != null && all.isSharded()) ? all : null,
				normalizedPath(properties));
	}

	private static DashboardShard view(String name, List<String> queues, ResqueAdmin admin,
			@Nullable ResqueScheduler scheduler, @Nullable JobRegistry jobs, @Nullable JobContracts contracts,
			ResqueProperties properties) {
		DashboardFailures failures = new DashboardFailures(admin.failures());
		DashboardJobs jobViews = new DashboardJobs(admin, failures, (job) -> retryLimit(jobs, job));
		DashboardApi api = new DashboardApi(admin, scheduler, properties.getScheduler().getStuckWorkerTimeout(),
				queueLimits(properties), jobViews, contracts);
		return new DashboardShard(name, queues, api, failures, jobViews);
	}

	/** The {@code @Retry} limit of a job registered here, or -1. */
	private static int retryLimit(@Nullable JobRegistry registry, String name) {
		if (registry == null) {
			return -1;
		}
		return registry.find(name)
			.map((job) -> AnnotatedElementUtils.findMergedAnnotation(job.definition().type(), Retry.class))
			.map(Retry::limit)
			.orElse(-1);
	}

	/** The configured limits of each queue, as the Queues tab says them. */
	static Map<String, String> queueLimits(ResqueProperties properties) {
		Map<String, String> limits = new LinkedHashMap<>();
		properties.getQueues().forEach((queue, settings) -> {
			List<String> parts = new ArrayList<>();
			if (settings.getMaxConcurrency() != null) {
				parts.add("at most " + settings.getMaxConcurrency() + " at a time");
			}
			if (settings.getRateLimit() != null) {
				parts.add(settings.getRateLimit() + " per " + settings.getRatePeriod().toString().substring(2).toLowerCase(Locale.ROOT));
			}
			if (!parts.isEmpty()) {
				limits.put(queue, String.join(", ", parts));
			}
		});
		return limits;
	}

	@Bean
	WebMvcConfigurer resqueDashboardAssets(ResqueProperties properties) {
		String path = normalizedPath(properties);
		return new WebMvcConfigurer() {
			@Override
			public void addResourceHandlers(ResourceHandlerRegistry registry) {
				registry.addResourceHandler(path + "/assets/**").addResourceLocations("classpath:/dev/resque/dashboard/assets/");
			}
		};
	}

	static String normalizedPath(ResqueProperties properties) {
		String path = properties.getDashboard().getPath().trim();
		if (!path.startsWith("/")) {
			path = "/" + path;
		}
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
	static class SecuredDashboard {

		/**
		 * The application's security chain authenticates users and checks CSRF tokens (Spring Boot's default chain
		 * does both); this makes sure the user also has the dashboard's role, whatever that chain permits.
		 */
		@Bean
		WebMvcConfigurer resqueDashboardRoleCheck(ResqueProperties properties) {
			String path = normalizedPath(properties);
			String role = properties.getDashboard().getRole();
			return new WebMvcConfigurer() {
				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new DashboardRoleInterceptor(role)).addPathPatterns(path, path + "/**");
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
	static class UnsecuredDashboard {

		@Bean
		Object resqueDashboardWithoutSecurity(ResqueProperties properties) {
			if (!properties.getDashboard().isAllowUnauthenticated()) {
				throw new ResqueConfigurationException("The Resque dashboard is enabled but Spring Security is not on the "
						+ "classpath, so anyone who can reach the application could retry, delete and clear jobs.",
						"Add spring-boot-starter-security (users need the role " + properties.getDashboard().getRole()
								+ "), or set resque.dashboard.allow-unauthenticated=true to accept that.");
			}
			return properties.getDashboard();
		}

	}

}
