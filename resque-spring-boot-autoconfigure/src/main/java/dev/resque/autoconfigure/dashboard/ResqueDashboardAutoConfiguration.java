package dev.resque.autoconfigure.dashboard;

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
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.resque.autoconfigure.ResqueAutoConfiguration;
import dev.resque.autoconfigure.ResqueProperties;
import dev.resque.core.admin.ResqueAdmin;
import dev.resque.core.job.ResqueConfigurationException;
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
			ResqueProperties properties) {
		DashboardApi api = new DashboardApi(admin, scheduler.getIfAvailable(),
				properties.getScheduler().getStuckWorkerTimeout());
		return new ResqueDashboardController(api, normalizedPath(properties));
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
