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

	@Column(nullable = false)
	private String state;

	private String proposedBy;

	private String approvedBy;

	private Instant approvedAt;

	protected Pin() {
	}

	/**
	 * A new version: in force at once ({@code active}), or {@code proposed} by the
	 * pinning person when four-eyes is on for its model.
	 */
	Pin(Long deviceModelId, int version, String fingerprint, String pinnedBy, Instant pinnedAt, String proposedBy) {
		this.deviceModelId = deviceModelId;
		this.version = version;
		this.fingerprint = fingerprint;
		this.pinnedBy = pinnedBy;
		this.pinnedAt = pinnedAt;
		this.state = (proposedBy != null) ? PinState.PROPOSED.json() : PinState.ACTIVE.json();
		this.proposedBy = proposedBy;
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

	public PinState state() {
		return PinState.of(this.state);
	}

	/** The person who proposed it (see {@code Person}), when four-eyes was on. */
	public String proposedBy() {
		return this.proposedBy;
	}

	public String approvedBy() {
		return this.approvedBy;
	}

	public Instant approvedAt() {
		return this.approvedAt;
	}

}
