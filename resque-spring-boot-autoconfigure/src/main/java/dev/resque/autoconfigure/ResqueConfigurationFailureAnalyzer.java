package dev.resque.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.resque.core.job.ResqueConfigurationException;

/**
 * Turns a Resque set-up that cannot work (a job class, two job names, a schedule, a worker pool, the dashboard)
 * into Spring Boot's "APPLICATION FAILED TO START" report: what is wrong, and what to change, without the stack.
 */
class ResqueConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ResqueConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ResqueConfigurationException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
