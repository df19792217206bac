package dev.resque.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.resque.core.redis.ResqueKeys;

/**
 * Configuration of Spring Resque ({@code resque.*}). The Redis connection is Spring Boot's own
 * ({@code spring.data.redis.*}).
 */
@ConfigurationProperties("resque")
public class ResqueProperties {

	/**
	 * Prefix of every Redis key. Ruby Resque, resque-web and node-resque use "resque" unless told otherwise. On
	 * Redis Cluster use a hash-tagged namespace such as "{resque}" so that a job's keys share a slot.
	 */
	private String namespace = ResqueKeys.DEFAULT_NAMESPACE;

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

}
