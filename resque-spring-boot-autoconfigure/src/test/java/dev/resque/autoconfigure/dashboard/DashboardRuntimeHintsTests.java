package dev.resque.autoconfigure.dashboard;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's page and assets are kept in a native image; no native build runs here. */
class DashboardRuntimeHintsTests {

	@Test
	void thePageAndItsAssetsAreResourceHints() {
		RuntimeHints hints = new RuntimeHints();
		new DashboardRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (String resource : new String[] { "index.html", "assets/app.js", "assets/style.css" }) {
			assertThat(RuntimeHintsPredicates.resource().forResource("dev/resque/dashboard/" + resource)).accepts(hints);
		}
	}

}
