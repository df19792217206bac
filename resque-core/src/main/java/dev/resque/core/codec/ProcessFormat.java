package dev.resque.core.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.resque.core.queue.ProcessRecord;

/**
 * A process record, {@code {"id","host","pid","started","version","threads","busy","memory_used","memory_max",
 * "queues":[..],"at"}}, times in epoch milliseconds. Only this project writes it; a record it cannot read is
 * not shown.
 */
final class ProcessFormat {

	private final JsonReader json;

	ProcessFormat(JsonReader json) {
		this.json = json;
	}

	String encode(ProcessRecord process) {
		StringBuilder out = new StringBuilder(256);
		out.append("{\"id\":").append(JsonStrings.quote(process.id()));
		out.append(",\"host\":").append(JsonStrings.quote(process.host()));
		out.append(",\"pid\":").append(process.pid());
		out.append(",\"started\":").append(process.startedAt().toEpochMilli());
		out.append(",\"version\":").append((process.version() != null) ? JsonStrings.quote(process.version()) : "null");
		out.append(",\"threads\":").append(process.threads());
		out.append(",\"busy\":").append(process.busy());
		out.append(",\"memory_used\":").append(process.memoryUsed());
		out.append(",\"memory_max\":").append(process.memoryMax());
		out.append(",\"queues\":[");
		for (int i = 0; i < process.queues().size(); i++) {
			out.append((i > 0) ? "," : "").append(JsonStrings.quote(process.queues().get(i)));
		}
		out.append("],\"at\":").append(process.updatedAt().toEpochMilli()).append('}');
		return out.toString();
	}

	Optional<ProcessRecord> decode(String text) {
		try {
			JsonNode node = this.json.tree(text);
			if (node == null || !node.isObject() || !node.path("id").isString() || !node.path("at").canConvertToLong()) {
				return Optional.empty();
			}
			List<String> queues = new ArrayList<>();
			node.path("queues").forEach((queue) -> queues.add(queue.asString()));
			JsonNode version = node.path("version");
			return Optional.of(new ProcessRecord(node.get("id").asString(), node.path("host").asString(""),
					node.path("pid").asLong(0), Instant.ofEpochMilli(node.path("started").asLong(0)),
					version.isString() ? version.asString() : null, node.path("threads").asInt(0),
					node.path("busy").asInt(0), node.path("memory_used").asLong(0), node.path("memory_max").asLong(0),
					queues, Instant.ofEpochMilli(node.get("at").asLong())));
		}
		catch (JacksonException | DateTimeException | ArithmeticException ex) {
			return Optional.empty();
		}
	}

}
