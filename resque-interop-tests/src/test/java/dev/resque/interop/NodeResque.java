package dev.resque.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives node-resque 9.7.1 (installed by npm into {@code node/node_modules} during the build) through
 * {@code node/resque-peer.js}, against the same Redis and namespace as the Java side.
 */
final class NodeResque {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final Path PEER = Path.of("node", "resque-peer.js").toAbsolutePath();

	private final Map<String, Object> connection;

	NodeResque(String host, int port, int database, String namespace) {
		this.connection = Map.of("host", host, "port", port, "database", database, "namespace", namespace);
		if (!Files.isRegularFile(PEER) || !Files.isDirectory(PEER.getParent().resolve("node_modules/node-resque"))) {
			throw new IllegalStateException("node-resque is not installed in " + PEER.getParent()
					+ "; the build runs npm ci there (needs Node.js and npm)");
		}
	}

	/** Calls a method of node-resque's {@code Queue} and returns its result. */
	JsonNode queue(String method, Object... args) {
		Map<String, Object> command = command("queue");
		command.put("method", method);
		command.put("args", Arrays.asList(args));
		return start(command).await(Duration.ofSeconds(30));
	}

	/**
	 * What the README's node snippet says of arguments for a job, from the contract it published: the problem,
	 * or null when they fit (or there is no contract).
	 */
	JsonNode checkContract(String job, List<?> args) {
		Map<String, Object> command = command("contract");
		command.put("job", job);
		command.put("args", args);
		return start(command).await(Duration.ofSeconds(30)).get("problem");
	}

	/** Starts a node-resque worker that stops after {@code until} outcomes; its result lists them. */
	Run work(List<String> queues, int until, String name) {
		return work(queues, until, name, Duration.ofSeconds(20));
	}

	/** Starts a node-resque worker that stops after {@code until} outcomes or when {@code timeout} has passed. */
	Run work(List<String> queues, int until, String name, Duration timeout) {
		Map<String, Object> command = command("work");
		command.put("timeoutMs", timeout.toMillis());
		command.put("queues", queues);
		command.put("until", until);
		command.put("name", name);
		return start(command);
	}

	/** Runs a node-resque scheduler for a while; its result tells how often it led and what it moved. */
	Run schedule(Duration duration, String name) {
		Map<String, Object> command = command("schedule");
		command.put("ms", duration.toMillis());
		command.put("name", name);
		return start(command);
	}

	private Map<String, Object> command(String action) {
		Map<String, Object> command = new LinkedHashMap<>();
		command.put("connection", this.connection);
		command.put("action", action);
		return command;
	}

	private Run start(Map<String, Object> command) {
		try {
			Process process = new ProcessBuilder("node", PEER.toString(), mapper.writeValueAsString(command))
				.directory(PEER.getParent().toFile())
				.start();
			return new Run(process, command.get("action") + " " + command.getOrDefault("method", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start node; is Node.js installed?", ex);
		}
	}

	/** A running node process. */
	static final class Run {

		private final Process process;

		private final String description;

		private final CompletableFuture<String> stdout;

		private final CompletableFuture<String> stderr;

		Run(Process process, String description) {
			this.process = process;
			this.description = description;
			this.stdout = read(process.getInputStream());
			this.stderr = read(process.getErrorStream());
		}

		JsonNode await(Duration timeout) {
			try {
				if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					this.process.destroyForcibly();
					throw new IllegalStateException("node-resque " + this.description + " did not finish in " + timeout);
				}
				String out = this.stdout.get(5, TimeUnit.SECONDS);
				if (this.process.exitValue() != 0) {
					throw new IllegalStateException("node-resque " + this.description + " failed: "
							+ this.stderr.get(5, TimeUnit.SECONDS));
				}
				return mapper.readTree(out);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			catch (Exception ex) {
				if (ex instanceof IllegalStateException state) {
					throw state;
				}
				throw new IllegalStateException("node-resque " + this.description + " failed", ex);
			}
		}

		private static CompletableFuture<String> read(InputStream stream) {
			return CompletableFuture.supplyAsync(() -> {
				try {
					return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}

	}

}
