package dev.resque.test;

/**
 * Entry point of the AssertJ assertions on jobs enqueued in fake mode.
 *
 * <pre class="code">
 * assertThat(resque).hasEnqueued(SendWelcomeMail.class).withArgs("a@b.c", Locale.UK);
 * </pre>
 */
public final class ResqueAssertions {

	private ResqueAssertions() {
	}

	public static FakeResqueAssert assertThat(FakeResqueTemplate actual) {
		return new FakeResqueAssert(actual);
	}

	/** For operations injected as {@code ResqueOperations}; they must be the fake ({@code resque.mode=fake}). */
	public static FakeResqueAssert assertThat(dev.resque.core.ResqueOperations actual) {
		if (!(actual instanceof FakeResqueTemplate fake)) {
			throw new AssertionError("Expected the fake ResqueOperations (resque.mode=fake) but was " + actual.getClass().getName());
		}
		return new FakeResqueAssert(fake);
	}

}
