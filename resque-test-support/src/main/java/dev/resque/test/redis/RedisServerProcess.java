package dev.resque.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.core.ExecutableProvider;

/**
 * A private {@code redis-server} process on a loopback port, without persistence. It can be stopped and
 * started again on the same port, so tests can take Redis away and bring it back.
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisServerProcess.class);

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final String executable;

	private final int port;

	private final Path workDir;

	private final boolean appendOnly;

	private final List<String> options;

	private final boolean sentinel;

	private Process process;

	private RedisServerProcess(String executable, int port, boolean appendOnly) {
		this(executable, port, appendOnly, List.of(), false);
	}

	private RedisServerProcess(String executable, int port, boolean appendOnly, List<String> options,
			boolean sentinel) {
		this.executable = executable;
		this.port = port;
		this.appendOnly = appendOnly;
		this.options = List.copyOf(options);
		this.sentinel = sentinel;
		try {
			this.workDir = Files.createTempDirectory("resque-redis-" + port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a server on a free port: {@code redis-server} from the PATH when there is one, else the binary
	 * shipped in the embedded-redis artifact.
	 */
	public static RedisServerProcess startOnFreePort() {
		RedisServerProcess server = new RedisServerProcess(findExecutable(), freePort(), false);
		server.start();
		return server;
	}

	/**
	 * Starts a server that writes every command to an append-only file ({@code appendfsync always}), so that
	 * after a kill ({@link #stop()}) and {@link #start()} it comes back with everything it had acknowledged.
	 */
	public static RedisServerProcess startOnFreePortWithAof() {
		RedisServerProcess server = new RedisServerProcess(findExecutable(), freePort(), true);
		server.start();
		return server;
	}

	/**
	 * Starts a server on a free port with more {@code redis-server} options, such as {@code --replicaof} or
	 * {@code --cluster-enabled yes}.
	 */
	public static RedisServerProcess startOnFreePort(List<String> options) {
		RedisServerProcess server = new RedisServerProcess(findExecutable(), freePort(), false, options, false);
		server.start();
		return server;
	}

	/**
	 * Starts {@code redis-server --sentinel} on a free port with these configuration lines, written to a file of its
	 * own that the sentinel rewrites as it learns the topology.
	 */
	public static RedisServerProcess startSentinel(List<String> configuration) {
		RedisServerProcess server = new RedisServerProcess(findExecutable(), freePort(), false, List.of(), true);
		try {
			Files.write(server.workDir.resolve("sentinel.conf"), configuration);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.start();
		return server;
	}

	/** The redis-server executable used: from the PATH, else the embedded binary. */
	public static String findExecutable() {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				File candidate = new File(dir, "redis-server");
				if (candidate.isFile() && candidate.canExecute()) {
					return candidate.getAbsolutePath();
				}
			}
		}
		try {
			File embedded = ExecutableProvider.newJarResourceProvider().get();
			embedded.setExecutable(true);
			return embedded.getAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No redis-server on the PATH and the embedded binary cannot be extracted", ex);
		}
	}

	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		List<String> command = new ArrayList<>();
		command.add(this.executable);
		if (this.sentinel) {
			command.addAll(List.of(this.workDir.resolve("sentinel.conf").toString(), "--sentinel"));
		}
		command.addAll(List.of("--port", String.valueOf(this.port), "--bind", "127.0.0.1", "--dir",
				this.workDir.toString(), "--protected-mode", "no"));
		if (!this.sentinel) {
			command.addAll(List.of("--save", "", "--appendonly", this.appendOnly ? "yes" : "no", "--appendfsync",
					"always"));
		}
		command.addAll(this.options);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.workDir.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + this.executable, ex);
		}
		awaitReady();
		log.info("Started {} on 127.0.0.1:{}", this.executable, this.port);
	}

	/** Kills the server (SIGKILL): clients see the connection drop as they would on a crash. */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * Shuts the server down saving its data, as a restart for maintenance would; {@link #start()} brings it back
	 * with the same data.
	 */
	public synchronized void stopKeepingData() {
		if (this.process == null) {
			return;
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			socket.getOutputStream().write("SHUTDOWN SAVE\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stop();
	}

	/** Freezes the server (SIGSTOP): connections stay open but nothing is answered, as in a long stall. */
	public synchronized void pause() {
		signal("STOP");
	}

	/** Lets a paused server go on (SIGCONT); it then answers every command it was sent meanwhile. */
	public synchronized void resume() {
		signal("CONT");
	}

	/** Kills the server, deletes everything it had written and starts it again empty on the same port. */
	public synchronized void restartEmpty() {
		stop();
		try (var files = Files.list(this.workDir)) {
			files.filter((file) -> !file.getFileName().toString().equals("redis.log"))
				.forEach((file) -> deleteTree(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		start();
	}

	private static void deleteTree(Path path) {
		try (var files = Files.walk(path)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void signal(String signal) {
		if (this.process == null) {
			throw new IllegalStateException("redis-server is not running");
		}
		try {
			// the shell's own kill: no procps package needed
			Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + this.process.pid()).inheritIO()
				.start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	public int port() {
		return this.port;
	}

	public String host() {
		return "127.0.0.1";
	}

	public String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Stops the server and deletes its working folder. */
	@Override
	public void close() {
		stop();
		try (var files = Files.walk(this.workDir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temporary folder is harmless
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited at startup: " + readLog());
			}
			if (answersPing()) {
				return;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("redis-server did not answer on port " + this.port + ": " + readLog());
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(500);
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] reply = new byte[7];
			int read = socket.getInputStream().read(reply);
			return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String readLog() {
		try {
			return Files.readString(this.workDir.resolve("redis.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
