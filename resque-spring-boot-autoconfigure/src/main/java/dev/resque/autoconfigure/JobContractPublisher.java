package dev.resque.autoconfigure;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.resque.core.contract.JobContract;
import dev.resque.core.contract.JobContracts;
import dev.resque.core.job.JobDefinition;
import dev.resque.core.job.JobRegistry;

/**
 * Publishes the contract of every job registered here once the application has started. Redis being away then
 * costs the publication, not the startup: it is said in one WARN line and done again at the next start.
 */
final class JobContractPublisher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobContractPublisher.class);

	private final JobContracts contracts;

	private final JobRegistry registry;

	private volatile boolean running;

	JobContractPublisher(JobContracts contracts, JobRegistry registry) {
		this.contracts = contracts;
		this.registry = registry;
	}

	@Override
	public void start() {
		this.running = true;
		List<JobDefinition> jobs = this.registry.names()
			.stream()
			.flatMap((name) -> this.registry.find(name).stream())
			.map((job) -> job.definition())
			.toList();
		try {
			List<JobContract> published = this.contracts.publish(jobs);
			log.debug("Published the contracts of {}", published.stream().map(JobContract::job).toList());
		}
		catch (RuntimeException ex) {
			log.warn("The contracts of {} jobs could not be published: {}", jobs.size(), ex.toString());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
