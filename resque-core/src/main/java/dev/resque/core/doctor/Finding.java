package dev.resque.core.doctor;

import java.util.List;

/**
 * One kind of damage the doctor found, with how much of it and a few examples.
 *
 * @param kind what is wrong
 * @param count how many places have it (among what was read)
 * @param examples up to {@value NamespaceDoctor#EXAMPLES} of them: a key, and the entry when it is one
 */
public record Finding(FindingKind kind, long count, List<String> examples) {

	public Finding {
		examples = List.copyOf(examples);
	}

	/** What the doctor does for it on request ({@link NamespaceDoctor#repair}), or why it does nothing. */
	public String fix() {
		return this.kind.fix();
	}

	/** The command that applies the fix, for the main class; empty when there is none. */
	public String fixCommand() {
		return this.kind.repairable() ? "--repair " + this.kind.name() : "";
	}

}
