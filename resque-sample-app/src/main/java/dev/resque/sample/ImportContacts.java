package dev.resque.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.resque.core.job.ResqueJob;

/** Imports an address book; a format it cannot read fails at once (no retry could help) and stays in Failed. */
@ResqueJob(queue = "default")
public class ImportContacts {

	private static final Logger log = LoggerFactory.getLogger(ImportContacts.class);

	public void perform(String file) {
		if (!file.endsWith(".csv")) {
			throw new IllegalArgumentException("Cannot import " + file + ": only .csv address books are supported");
		}
		log.info("Imported contacts from {}", file);
	}

}
