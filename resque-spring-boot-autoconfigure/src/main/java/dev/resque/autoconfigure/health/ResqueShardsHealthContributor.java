package dev.resque.autoconfigure.health;

import java.util.Map;
import java.util.stream.Stream;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The health of each shard of {@code resque.shards.*} ({@code /actuator/health/resqueShards/<name>}): its Redis,
 * its workers and its scheduler, as the {@code resque} indicator tells them for the application's own Redis.
 */
public final class ResqueShardsHealthContributor implements CompositeHealthContributor, DisposableBean {

	private final Map<String, ResqueHealthIndicator> shards;

	private final CompositeHealthContributor composite;

	ResqueShardsHealthContributor(Map<String, ResqueHealthIndicator> shards) {
		this.shards = Map.copyOf(shards);
		this.composite = CompositeHealthContributor.fromMap(shards);
	}

	@Override
	public HealthContributor getContributor(String name) {
		return this.composite.getContributor(name);
	}

	@Override
	public Stream<Entry> stream() {
		return this.composite.stream();
	}

	@Override
	public void destroy() {
		this.shards.values().forEach(ResqueHealthIndicator::destroy);
	}

}
