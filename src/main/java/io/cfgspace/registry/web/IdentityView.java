package io.cfgspace.registry.web;

import io.cfgspace.layout.Identity;

/** The header identity read off a dump. */
record IdentityView(int vendorId, int deviceId, int revisionId, int classCode, int headerType, boolean multifunction,
		Integer subsystemVendorId, Integer subsystemId) {

	static IdentityView of(Identity identity) {
		return new IdentityView(identity.vendorId(), identity.deviceId(), identity.revisionId(), identity.classCode(),
				identity.headerType(), identity.multifunction(), identity.subsystemVendorId(), identity.subsystemId());
	}

}
