package dev.resque.containers;

/**
 * The Redis image the tests start: the one named by the system property {@code resque.redis-image}, else
 * {@code redis:7}. CI, which has Podman and no registry, names one it builds from Debian's redis-server.
 */
final class RedisImage {

	static final String NAME = System.getProperty("resque.redis-image", "redis:7");

	private RedisImage() {
	}

}
