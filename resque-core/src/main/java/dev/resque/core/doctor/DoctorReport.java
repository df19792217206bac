package dev.resque.core.doctor;

import java.time.Duration;
import java.util.List;

/**
 * What one examination found.
 *
 * @param namespace the namespace examined
 * @param findings each kind of damage found, none when healthy
 * @param keysScanned keys the scan went through
 * @param entriesRead list entries read
 * @param complete false when a bound stopped the reading (a list longer than the doctor reads, or more keys)
 * @param took how long it took
 */
public record DoctorReport(String namespace, List<Finding> findings, long keysScanned, long entriesRead,
		boolean complete, Duration took) {

	public DoctorReport {
		findings = List.copyOf(findings);
	}

	/** Whether nothing is damaged: no findings, or only notes. */
	public boolean healthy() {
		return this.findings.stream().allMatch((finding) -> finding.kind().isNote());
	}

}
