package dev.resque.test.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master, its replicas and three sentinels watching them, all private {@code redis-server} processes on free
 * loopback ports. The sentinels take a master for down after one second of silence, so a test that kills the master
 * sees a replica promoted within a few seconds.
 */
public final class RedisSentinelGroup implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisSentinelGroup.class);

	/** The name the sentinels monitor the master under ({@code spring.data.redis.sentinel.master}). */
	public static final String MASTER_NAME = "resque-master";

	private static final Duration DOWN_AFTER = Duration.ofSeconds(1);

	private final List<RedisServerProcess> servers = new ArrayList<>();

	private final List<RedisServerProcess> sentinels = new ArrayList<>();

	private final RedisClient client = RedisClient.create();

	private RedisSentinelGroup() {
	}

	/** Starts a master with {@code replicas} replicas and three sentinels, and waits until all of them agree. */
	public static RedisSentinelGroup start(int replicas) {
		RedisSentinelGroup group = new RedisSentinelGroup();
		try {
			RedisServerProcess master = RedisServerProcess.startOnFreePort(List.of());
			group.servers.add(master);
			for (int i = 0; i < replicas; i++) {
				group.servers.add(RedisServerProcess
					.startOnFreePort(List.of("--replicaof", master.host(), String.valueOf(master.port()))));
			}
			for (int i = 0; i < 3; i++) {
				group.sentinels.add(RedisServerProcess.startSentinel(List.of(
						"sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 2",
						"sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
						"sentinel failover-timeout " + MASTER_NAME + " 5000",
						"sentinel parallel-syncs " + MASTER_NAME + " " + Math.max(1, replicas))));
			}
			group.awaitReplicasKnown(replicas, Duration.ofSeconds(30));
			log.info("Sentinel group up: master {}, sentinels {}", master.port(), group.sentinelNodes());
			return group;
		}
		catch (RuntimeException ex) {
			group.close();
			throw ex;
		}
	}

	/** {@code host:port,host:port,host:port}, as {@code spring.data.redis.sentinel.nodes} takes them. */
	public String sentinelNodes() {
		return this.sentinels.stream().map((sentinel) -> sentinel.host() + ":" + sentinel.port())
			.collect(Collectors.joining(","));
	}

	/** The server the sentinels name as master now. */
	public RedisServerProcess master() {
		int port = masterPort();
		return this.servers.stream().filter((server) -> server.port() == port).findFirst()
			.orElseThrow(() -> new IllegalStateException("the sentinels name an unknown master on port " + port));
	}

	/**
	 * Waits until every replica has acknowledged everything the master wrote: what was written before is then
	 * on the replica a failover promotes.
	 */
	public void awaitReplicasCaughtUp(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!RedisInfo.replicasCaughtUp(master())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the replicas did not catch up within " + timeout);
			}
			sleep(20);
		}
	}

	/** Every data server, master and replicas, running or not. */
	public List<RedisServerProcess> servers() {
		return List.copyOf(this.servers);
	}

	/**
	 * Kills the master (SIGKILL) and waits until the sentinels have promoted a replica.
	 * @return the new master
	 */
	public RedisServerProcess killMasterAndAwaitFailover(Duration timeout) {
		RedisServerProcess old = master();
		old.stop();
		log.info("Killed master {}", old.port());
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			int port = masterPortOrZero();
			if (port != 0 && port != old.port()) {
				RedisServerProcess promoted = master();
				if (promoted.isRunning() && RedisInfo.role(promoted).equals("master")) {
					log.info("Sentinels promoted {}", port);
					return promoted;
				}
			}
			sleep(100);
		}
		throw new IllegalStateException("no replica was promoted within " + timeout);
	}

	private int masterPort() {
		int port = masterPortOrZero();
		if (port == 0) {
			throw new IllegalStateException("no sentinel answers for " + MASTER_NAME);
		}
		return port;
	}

	private int masterPortOrZero() {
		for (RedisServerProcess sentinel : this.sentinels) {
			try (StatefulRedisSentinelConnection<String, String> connection = this.client
				.connectSentinel(RedisURI.create(sentinel.host(), sentinel.port()))) {
				SocketAddress address = connection.sync().getMasterAddrByName(MASTER_NAME);
				if (address instanceof InetSocketAddress inet) {
					return inet.getPort();
				}
			}
			catch (RuntimeException ex) {
				// that sentinel is busy or gone: ask the next
			}
		}
		return 0;
	}

	private void awaitReplicasKnown(int replicas, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (everySentinelSees(replicas)) {
				return;
			}
			sleep(100);
		}
		throw new IllegalStateException("the sentinels did not see the master, " + replicas
				+ " replicas and each other within " + timeout);
	}

	private boolean everySentinelSees(int replicas) {
		for (RedisServerProcess sentinel : this.sentinels) {
			try (StatefulRedisSentinelConnection<String, String> connection = this.client
				.connectSentinel(RedisURI.create(sentinel.host(), sentinel.port()))) {
				if (connection.sync().replicas(MASTER_NAME).size() < replicas
						|| Integer.parseInt(connection.sync().master(MASTER_NAME).getOrDefault("num-other-sentinels",
								"0")) < this.sentinels.size() - 1) {
					return false;
				}
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		return RedisInfo.connectedReplicas(this.servers.get(0)) >= replicas;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.sentinels.forEach(RedisServerProcess::close);
		this.servers.forEach(RedisServerProcess::close);
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
