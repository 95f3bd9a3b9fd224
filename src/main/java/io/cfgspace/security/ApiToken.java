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
	private String kind;

	/** Null for a reporter, which has none. */
	@Column(updatable = false)
	private String role;

	/** The one host a reporter speaks for; null for a role token. */
	@Column(updatable = false)
	private String hostName;

	@Column(nullable = false, updatable = false)
	private boolean mayReport;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	@Column(nullable = false, updatable = false)
	private String createdBy;

	private Instant revokedAt;

	protected ApiToken() {
	}

	ApiToken(String name, String tokenHash, TokenGrant grant, String createdBy, Instant createdAt) {
		this.name = name;
		this.tokenHash = tokenHash;
		this.kind = grant.kind();
		if (grant instanceof TokenGrant.OfRole ofRole) {
			this.role = ofRole.role().json();
			this.mayReport = ofRole.mayReport();
		}
		else if (grant instanceof TokenGrant.Reporter reporter) {
			this.hostName = reporter.hostName();
		}
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

	public TokenGrant grant() {
		if (TokenGrant.REPORTER.equals(this.kind)) {
			return new TokenGrant.Reporter(this.hostName);
		}
		return new TokenGrant.OfRole(Role.fromJson(this.role), this.mayReport);
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
