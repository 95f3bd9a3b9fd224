package io.cfgspace.verification;

import java.time.Instant;

import io.cfgspace.verification.core.VmmProfile;

/** A stored VMM profile, with who wrote it when. */
public record VmmProfileRecord(VmmProfile profile, Instant createdAt, String createdBy, Instant changedAt,
		String changedBy) {

	public String name() {
		return this.profile.name();
	}

}
