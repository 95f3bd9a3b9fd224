package io.cfgspace.cli;

/**
 * The service gave no answer: it could not be reached, did not answer within the
 * deadline, dropped the connection, or said it cannot answer now (5xx, 408, 429). Nothing
 * was decided, and, unlike a refusal, a verdict from a cached pin may stand in for the
 * service's.
 */
final class ServiceUnreachable extends Exception {

	private final boolean retryable;

	ServiceUnreachable(String message, boolean retryable) {
		super(message, null, false, false);
		this.retryable = retryable;
	}

	/**
	 * Whether the request may have reached the service and been lost on the way back (a
	 * timeout, a reset connection): sending it again with the same idempotency key then
	 * gives the verdict the service recorded, never a second one.
	 */
	boolean retryable() {
		return this.retryable;
	}

	CommandFailure failure() {
		return CommandFailure.undecided(getMessage());
	}

}
