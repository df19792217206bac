package dev.resque.test.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster of private {@code redis-server} processes: masters that share the 16,384 slots evenly, each with a
 * replica. It is put together with the cluster's own commands ({@code CLUSTER ADDSLOTS}, {@code MEET},
 * {@code REPLICATE}), as {@code redis-cli --cluster create} does, so it needs nothing but the server binary. Nodes
 * take one another for failed after one second of silence, so a killed master's replica takes over within seconds.
 */
public final class RedisClusterGroup implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisClusterGroup.class);

	private static final int SLOTS = 16384;

	private final List<RedisServerProcess> nodes = new ArrayList<>();

	private RedisClusterGroup() {
	}

	/** Starts {@code masters} masters and one replica for each, and waits until the cluster is {@code ok}. */
	public static RedisClusterGroup start(int masters) {
		RedisClusterGroup cluster = new RedisClusterGroup();
		try {
			for (int i = 0; i < masters * 2; i++) {
				cluster.nodes.add(RedisServerProcess.startOnFreePort(List.of("--cluster-enabled", "yes",
						"--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
						// a replica that lost its master for a while may still take over: tests kill masters
						"--cluster-replica-validity-factor", "0")));
			}
			cluster.assemble(masters);
			log.info("Cluster up: {}", cluster.nodes());
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private void assemble(int masters) {
		for (int i = 0; i < masters; i++) {
			int from = SLOTS * i / masters;
			int to = SLOTS * (i + 1) / masters;
			int[] slots = IntStream.range(from, to).toArray();
			RedisInfo.call(this.nodes.get(i), (commands) -> commands.clusterAddSlots(slots));
		}
		RedisServerProcess first = this.nodes.get(0);
		for (RedisServerProcess node : this.nodes.subList(1, this.nodes.size())) {
			RedisInfo.call(first, (commands) -> commands.clusterMeet(node.host(), node.port()));
		}
		await("every node knows every other", Duration.ofSeconds(30), () -> this.nodes.stream()
			.allMatch((node) -> knownNodes(node) == this.nodes.size()));
		for (int i = 0; i < masters; i++) {
			String masterId = RedisInfo.call(this.nodes.get(i), (commands) -> commands.clusterMyId());
			RedisInfo.call(this.nodes.get(masters + i), (commands) -> commands.clusterReplicate(masterId));
		}
		await("the cluster is ok with a replica in sync for each master", Duration.ofSeconds(60),
				() -> this.nodes.stream().allMatch((node) -> isOk(node))
						&& this.nodes.subList(0, masters).stream().allMatch((node) -> RedisInfo.connectedReplicas(node) == 1));
	}

	/** {@code host:port,...} of every node, as {@code spring.data.redis.cluster.nodes} takes them. */
	public String nodes() {
		return this.nodes.stream().map((node) -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
	}

	public List<RedisServerProcess> servers() {
		return List.copyOf(this.nodes);
	}

	/**
	 * Waits until every replica has acknowledged everything its master wrote: what was written before is then
	 * on the replica a failover promotes.
	 */
	public void awaitReplicasCaughtUp(Duration timeout) {
		await("the replicas caught up", timeout, () -> this.nodes.stream()
			.filter((node) -> node.isRunning() && RedisInfo.role(node).equals("master"))
			.allMatch(RedisInfo::replicasCaughtUp));
	}

	/** The running node that serves {@code key}'s slot as master. */
	public RedisServerProcess masterOf(String key) {
		RedisServerProcess asked = this.nodes.stream().filter(RedisServerProcess::isRunning).findFirst().orElseThrow();
		long slot = RedisInfo.call(asked, (commands) -> commands.clusterKeyslot(key));
		for (RedisServerProcess node : this.nodes) {
			if (node.isRunning() && RedisInfo.role(node).equals("master") && servesSlot(node, slot)) {
				return node;
			}
		}
		throw new IllegalStateException("no running master serves slot " + slot);
	}

	/**
	 * Kills the master of {@code key}'s slot (SIGKILL) and waits until its replica has taken the slot over and the
	 * cluster is {@code ok} again.
	 * @return the new master of the slot
	 */
	public RedisServerProcess killMasterOfAndAwaitFailover(String key, Duration timeout) {
		RedisServerProcess old = masterOf(key);
		old.stop();
		log.info("Killed cluster master {}", old.port());
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				RedisServerProcess now = masterOf(key);
				if (now != old && this.nodes.stream().filter(RedisServerProcess::isRunning).allMatch(RedisClusterGroup::isOk)) {
					log.info("Cluster promoted {}", now.port());
					return now;
				}
			}
			catch (RuntimeException ex) {
				// no master for the slot yet
			}
			sleep(100);
		}
		throw new IllegalStateException("no replica took the slot of " + key + " over within " + timeout);
	}

	private static boolean servesSlot(RedisServerProcess node, long slot) {
		String nodes = RedisInfo.call(node, (commands) -> commands.clusterNodes());
		for (String line : nodes.split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 9 || !fields[2].contains("myself")) {
				continue;
			}
			for (int i = 8; i < fields.length; i++) {
				String range = fields[i];
				if (range.startsWith("[")) {
					continue;
				}
				int dash = range.indexOf('-');
				long from = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
				long to = (dash < 0) ? from : Long.parseLong(range.substring(dash + 1));
				if (slot >= from && slot <= to) {
					return true;
				}
			}
		}
		return false;
	}

	private static int knownNodes(RedisServerProcess node) {
		String nodes = RedisInfo.call(node, (commands) -> commands.clusterNodes());
		return (int) nodes.lines().filter((line) -> !line.isBlank() && !line.contains("handshake")).count();
	}

	private static boolean isOk(RedisServerProcess node) {
		return RedisInfo.field(node, "cluster", "cluster_enabled").equals("1")
				&& RedisInfo.call(node, (commands) -> commands.clusterInfo()).contains("cluster_state:ok");
	}

	private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// a node is still starting up
			}
			sleep(100);
		}
		throw new IllegalStateException("timed out waiting until " + what);
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
		this.nodes.forEach(RedisServerProcess::close);
	}

}
