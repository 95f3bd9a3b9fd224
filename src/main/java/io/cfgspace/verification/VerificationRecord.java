package io.cfgspace.verification;

import java.time.Instant;
import java.util.List;

import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.Verdict;

/**
 * A stored verdict: what was verified, by whom, when, and the answer.
 */
public record VerificationRecord(long id, Instant createdAt, String caller, String modelKey, int pinVersion,
		String fingerprint, String vmId, String deviceAddress, String sourceHost, String destinationHost,
		Verdict.Outcome verdict, List<Finding> findings) {

}
