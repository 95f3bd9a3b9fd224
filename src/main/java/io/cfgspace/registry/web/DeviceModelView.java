package io.cfgspace.registry.web;

import java.time.Instant;

import io.cfgspace.registry.DeviceModel;
import io.cfgspace.registry.ModelKey;

/** A device model as the API shows it. */
record DeviceModelView(String key, int vendorId, int deviceId, Integer subsystemVendorId, Integer subsystemId,
		Integer revisionId, String variant, String displayName, String notes, Instant createdAt, String createdBy,
		Instant updatedAt) {

	static DeviceModelView of(DeviceModel model) {
		ModelKey key = model.key();
		return new DeviceModelView(key.toString(), key.vendorId(), key.deviceId(), key.subsystemVendorId(),
				key.subsystemId(), key.revisionId(), key.variant(), model.displayName(), model.notes(),
				model.createdAt(), model.createdBy(), model.updatedAt());
	}

}
