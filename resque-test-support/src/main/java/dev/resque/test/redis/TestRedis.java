package dev.resque.test.redis;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis server a test JVM uses, chosen once: {@code RESQUE_TEST_REDIS_URL} when set, else a private
 * {@code redis-server} from the PATH on a free port, else the embedded binary. A private server is stopped at
 * JVM exit. Tests share the server and keep apart by namespace ({@link #newNamespace(String)}).
 */
public final class TestRedis {

	/** Environment variable naming a server to use instead of a private one. */
	public static final String URL_VARIABLE = "RESQUE_TEST_REDIS_URL";

	private static final AtomicInteger counter = new AtomicInteger();

	private static volatile TestRedis instance;

	private final String host;

	private final int port;

	private final int database;

	private final RedisServerProcess ownServer;

	private TestRedis(String host, int port, int database, RedisServerProcess ownServer) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.ownServer = ownServer;
	}

	public static TestRedis get() {
		TestRedis current = instance;
		if (current == null) {
			synchronized (TestRedis.class) {
				current = instance;
				if (current == null) {
					current = create();
					instance = current;
				}
			}
		}
		return current;
	}

	private static TestRedis create() {
		String url = System.getenv(URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url.trim());
			String path = uri.getPath();
			int database = (path == null || path.length() <= 1) ? 0 : Integer.parseInt(path.substring(1));
			return new TestRedis(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379, database, null);
		}
		RedisServerProcess server = RedisServerProcess.startOnFreePort();
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-redis-shutdown"));
		return new TestRedis(server.host(), server.port(), 0, server);
	}

	/** A namespace no other test uses, for example {@code resque-test-OrderTests-3-1a2b}. */
	public static String newNamespace(String owner) {
		return "resque-test-" + owner + "-" + counter.incrementAndGet() + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public int database() {
		return this.database;
	}

	/** Whether this JVM started the server (and may therefore do anything to it). */
	public boolean isPrivate() {
		return this.ownServer != null;
	}

	public String url() {
		return "redis://" + this.host + ":" + this.port + "/" + this.database;
	}

}
