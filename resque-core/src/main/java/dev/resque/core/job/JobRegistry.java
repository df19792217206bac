package dev.resque.core.job;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The jobs this application can run, by name. Workers only ever run jobs registered here: a payload's
 * {@code "class"} is looked up, never loaded.
 */
public final class JobRegistry {

	private final Map<String, RegisteredJob> jobs = new ConcurrentHashMap<>();

	/**
	 * Registers a job.
	 * @param definition what the job class declares
	 * @param target supplies the object whose {@code perform} runs (a bean, looked up when a job runs)
	 * @throws ResqueConfigurationException when another job already has that name
	 */
	public void register(JobDefinition definition, Supplier<Object> target) {
		RegisteredJob job = new RegisteredJob(definition, target);
		RegisteredJob existing = this.jobs.putIfAbsent(definition.name(), job);
		if (existing != null) {
			throw new ResqueConfigurationException("Two jobs are named \"" + definition.name() + "\": "
					+ existing.definition().type().getName() + " and " + definition.type().getName() + ".",
					"Give one of them another name with @ResqueJob(name = \"...\").");
		}
	}

	public Optional<RegisteredJob> find(String name) {
		return Optional.ofNullable(this.jobs.get(name));
	}

	/** The registered job names, sorted. */
	public Set<String> names() {
		return new TreeSet<>(this.jobs.keySet());
	}

	/**
	 * A job this application can run.
	 *
	 * @param definition what the job class declares
	 * @param target supplies the object to call
	 */
	public record RegisteredJob(JobDefinition definition, Supplier<Object> target) {
	}

}
