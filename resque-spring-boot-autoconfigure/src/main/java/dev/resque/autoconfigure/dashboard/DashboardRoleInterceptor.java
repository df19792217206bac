package dev.resque.autoconfigure.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/** Lets only users with the dashboard's role in: 401 for anonymous requests, 403 for users without it. */
class DashboardRoleInterceptor implements HandlerInterceptor {

	private final String role;

	DashboardRoleInterceptor(String role) {
		this.role = role;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (request.isUserInRole(this.role)) {
			return true;
		}
		if (request.getUserPrincipal() == null) {
			response.sendError(HttpStatus.UNAUTHORIZED.value(), "Sign in to use the Resque dashboard");
		}
		else {
			response.sendError(HttpStatus.FORBIDDEN.value(), "The Resque dashboard needs the role " + this.role);
		}
		return false;
	}

}
