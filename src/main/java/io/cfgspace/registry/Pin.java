package io.cfgspace.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * Version N of a device model's layout: which content, who pinned it and when. Immutable;
 * deprecation is recorded beside it ({@link PinDeprecation}), never in it.
 */
@Entity
@Immutable
@Table(name = "pin")
public class Pin {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private Long deviceModelId;

	@Column(nullable = false)
	private int version;

	@Column(nullable = false)
	private String fingerprint;

	@Column(nullable = false)
	private Instant pinnedAt;

	@Column(nullable = false)
	private String pinnedBy;

	protected Pin() {
	}

	Pin(Long deviceModelId, int version, String fingerprint, String pinnedBy, Instant pinnedAt) {
		this.deviceModelId = deviceModelId;
		this.version = version;
		this.fingerprint = fingerprint;
		this.pinnedBy = pinnedBy;
		this.pinnedAt = pinnedAt;
	}

	public Long id() {
		return this.id;
	}

	public Long deviceModelId() {
		return this.deviceModelId;
	}

	public int version() {
		return this.version;
	}

	public String fingerprint() {
		return this.fingerprint;
	}

	public Instant pinnedAt() {
		return this.pinnedAt;
	}

	public String pinnedBy() {
		return this.pinnedBy;
	}

}
