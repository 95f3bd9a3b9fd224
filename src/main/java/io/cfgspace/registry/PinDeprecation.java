package io.cfgspace.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** The record that a pin version is deprecated: kept and verifiable, but flagged. */
@Entity
@Immutable
@Table(name = "pin_deprecation")
public class PinDeprecation {

	@Id
	private Long pinId;

	@Column(nullable = false)
	private Instant deprecatedAt;

	@Column(nullable = false)
	private String deprecatedBy;

	@Column(nullable = false)
	private String reason;

	protected PinDeprecation() {
	}

	PinDeprecation(Long pinId, String reason, String deprecatedBy, Instant deprecatedAt) {
		this.pinId = pinId;
		this.reason = reason;
		this.deprecatedBy = deprecatedBy;
		this.deprecatedAt = deprecatedAt;
	}

	public Long pinId() {
		return this.pinId;
	}

	public Instant deprecatedAt() {
		return this.deprecatedAt;
	}

	public String deprecatedBy() {
		return this.deprecatedBy;
	}

	public String reason() {
		return this.reason;
	}

}
