package dev.resque.fault;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resque.core.redis.ResqueKeys;
import dev.resque.test.redis.RedisServerProcess;

import static org.awaitility.Awaitility.await;

/** A second JVM running {@link FaultWorkerMain}, killed with SIGKILL when a test says so. */
final class WorkerJvm implements AutoCloseable {

	private final Process process;

	private final String tag;

	private WorkerJvm(Process process, String tag) {
		this.process = process;
		this.tag = tag;
	}

	/**
	 * Starts a worker JVM.
	 * @param wrapper a command the JVM runs under (such as a new PID namespace), or empty
	 * @param options {@code -Dfault.*} settings and JVM options
	 */
	static WorkerJvm start(RedisServerProcess redis, String namespace, String tag, List<String> wrapper,
			String... options) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(wrapper);
		command.add(java);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add("-Dfault.host=" + redis.host());
		command.add("-Dfault.port=" + redis.port());
		command.add("-Dfault.ns=" + namespace);
		command.add("-Dfault.tag=" + tag);
		command.addAll(List.of(options));
		command.add(FaultWorkerMain.class.getName());
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(new File("target/worker-jvm-" + tag + ".log"))
				.start();
			return new WorkerJvm(process, tag);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the JVM's workers are started and returns their names. */
	List<String> awaitWorkers(StringRedisTemplate redis, ResqueKeys keys) {
		String key = keys.key("test", "names", this.tag);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("worker JVM " + this.tag + " exited; see target/worker-jvm-" + this.tag + ".log");
			}
			Long size = redis.opsForList().size(key);
			return size != null && size > 0;
		});
		return redis.opsForList().range(key, 0, -1);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGSTOP: the whole JVM stalls, as under a long GC pause or a frozen VM; its pings stop. */
	void pause() {
		signal("-STOP");
	}

	/** SIGCONT: the stalled JVM goes on where it stopped. */
	void resume() {
		signal("-CONT");
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** SIGKILL: no shutdown hook, no unregistration, jobs left where they are. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		kill();
	}

}
