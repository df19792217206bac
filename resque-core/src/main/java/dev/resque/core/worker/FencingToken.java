package dev.resque.core.worker;

/**
 * Which attempt of a job is running: its id and its epoch, which every take of the job moves on, inside the take
 * script. An attempt that stalled past the stuck-worker timeout, while its job was given back and taken again,
 * holds an older token than the attempt running now, so a write guarded by the token ("only if the stored token's
 * attempt is lower") cannot apply a stale attempt's effect after a newer one's, and its outcome is not recorded
 * (it is counted as superseded).
 *
 * <pre class="code">
 * FencingToken token = context.fencingToken();
 * jdbc.update("update account set balance = ?, fence = ? where id = ? and fence &lt; ?",
 *         balance, token.attempt(), id, token.attempt());
 * </pre>
 *
 * @param jobId the job's id
 * @param attempt the attempt's epoch, 1 for the first take
 */
public record FencingToken(String jobId, long attempt) {

	/** Whether this attempt is newer than one that stored {@code storedAttempt} (0 for none). */
	public boolean isNewerThan(long storedAttempt) {
		return this.attempt > storedAttempt;
	}

	@Override
	public String toString() {
		return this.jobId + ":" + this.attempt;
	}

}
