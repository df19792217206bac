package dev.resque.containers;

import java.math.BigDecimal;

import dev.resque.core.job.ResqueJob;

/** Charges a card; a card whose number ends in {@code -declined} is refused, and the job fails. */
@ResqueJob(queue = "payments")
public class ChargeCard {

	private final JobRuns runs;

	ChargeCard(JobRuns runs) {
		this.runs = runs;
	}

	public void perform(String card, BigDecimal amount) {
		this.runs.ran(card);
		if (card.endsWith("-declined")) {
			throw new IllegalStateException("Card " + card + " declined a charge of " + amount);
		}
	}

}
