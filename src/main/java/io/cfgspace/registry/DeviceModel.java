package io.cfgspace.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A device model: the devices that must all present one pinned config-space layout. Its
 * identity is fixed at creation; only the display name and notes change.
 */
@Entity
@Table(name = "device_model")
public class DeviceModel {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "model_key", nullable = false, updatable = false)
	private String key;

	@Column(nullable = false, updatable = false)
	private int vendorId;

	@Column(nullable = false, updatable = false)
	private int deviceId;

	@Column(updatable = false)
	private Integer subsystemVendorId;

	@Column(updatable = false)
	private Integer subsystemId;

	@Column(updatable = false)
	private Integer revisionId;

	@Column(updatable = false)
	private String variant;

	@Column(nullable = false)
	private String displayName;

	@Column(nullable = false)
	private String notes;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	@Column(nullable = false, updatable = false)
	private String createdBy;

	@Column(nullable = false)
	private Instant updatedAt;

	protected DeviceModel() {
	}

	DeviceModel(ModelKey key, String displayName, String notes, String createdBy, Instant now) {
		this.key = key.toString();
		this.vendorId = key.vendorId();
		this.deviceId = key.deviceId();
		this.subsystemVendorId = key.subsystemVendorId();
		this.subsystemId = key.subsystemId();
		this.revisionId = key.revisionId();
		this.variant = key.variant();
		this.displayName = displayName;
		this.notes = notes;
		this.createdBy = createdBy;
		this.createdAt = now;
		this.updatedAt = now;
	}

	void describe(String newDisplayName, String newNotes, Instant now) {
		if (newDisplayName != null) {
			this.displayName = newDisplayName;
		}
		if (newNotes != null) {
			this.notes = newNotes;
		}
		this.updatedAt = now;
	}

	public Long id() {
		return this.id;
	}

	public ModelKey key() {
		return new ModelKey(this.vendorId, this.deviceId, this.subsystemVendorId, this.subsystemId, this.revisionId,
				this.variant);
	}

	public String displayName() {
		return this.displayName;
	}

	public String notes() {
		return this.notes;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public String createdBy() {
		return this.createdBy;
	}

	public Instant updatedAt() {
		return this.updatedAt;
	}

}
