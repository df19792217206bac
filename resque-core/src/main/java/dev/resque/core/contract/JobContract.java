package dev.resque.core.contract;

import java.util.List;
import java.util.Map;

/**
 * What a job published of its arguments.
 *
 * @param job the job's name
 * @param version a digest of the schema: it changes when the signature does
 * @param parameters the parameter names of its longest {@code perform}
 * @param schema the JSON Schema, as a tree of maps and lists
 * @param json the JSON Schema as stored
 */
public record JobContract(String job, String version, List<String> parameters, Map<String, Object> schema, String json) {

	public JobContract {
		parameters = List.copyOf(parameters);
	}

}
