package dev.resque.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;
import dev.resque.core.plugin.Retry;

/**
 * Builds a report; enqueued by name (as a service in another language would) and every night from
 * application.yml. A failure is retried after 10 s, 1 min and 5 min before it lands in the failed queue.
 */
@ResqueJob(queue = "reports")
@Retry(limit = 3, backoff = { "10s", "1m", "5m" })
public class GenerateReport {

	private static final Logger log = LoggerFactory.getLogger(GenerateReport.class);

	public String perform(String period, String format) {
		String file = "report-" + period + "." + format;
		log.info("Report {} generated", file);
		return file;
	}

}
