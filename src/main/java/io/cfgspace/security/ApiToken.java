package io.cfgspace.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An API bearer token; only the SHA-256 of its secret is stored. */
@Entity
@Table(name = "api_token")
public class ApiToken {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private String name;

	@Column(nullable = false, updatable = false)
	private String tokenHash;

	@Column(nullable = false, updatable = false)
	private String role;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	@Column(nullable = false, updatable = false)
	private String createdBy;

	private Instant revokedAt;

	protected ApiToken() {
	}

	ApiToken(String name, String tokenHash, Role role, String createdBy, Instant createdAt) {
		this.name = name;
		this.tokenHash = tokenHash;
		this.role = role.json();
		this.createdBy = createdBy;
		this.createdAt = createdAt;
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	public Long id() {
		return this.id;
	}

	public String name() {
		return this.name;
	}

	public Role role() {
		return Role.fromJson(this.role);
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public String createdBy() {
		return this.createdBy;
	}

	public Instant revokedAt() {
		return this.revokedAt;
	}

}
