package dev.resque.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;

/** Builds a monthly report; enqueued by name, the way a service in another language would. */
@ResqueJob(queue = "reports")
public class GenerateReport {

	private static final Logger log = LoggerFactory.getLogger(GenerateReport.class);

	public String perform(String month, String format) {
		String file = "report-" + month + "." + format;
		log.info("Report {} generated", file);
		return file;
	}

}
