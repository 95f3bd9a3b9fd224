package io.cfgspace.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person who signs in with a password (admin UI, HTTP basic). Never deleted, only
 * disabled, so that every {@code created_by} keeps naming someone.
 */
@Entity
@Table(name = "app_user")
public class AppUser {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, updatable = false)
	private String username;

	@Column(nullable = false)
	private String passwordHash;

	@Column(nullable = false)
	private String role;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	private Instant disabledAt;

	@Column(nullable = false)
	private boolean mustChangePassword;

	@Column(nullable = false)
	private Instant passwordChangedAt;

	protected AppUser() {
	}

	AppUser(String username, String passwordHash, Role role, Instant createdAt, boolean mustChangePassword) {
		this.username = username;
		this.passwordHash = passwordHash;
		this.role = role.json();
		this.createdAt = createdAt;
		this.passwordChangedAt = createdAt;
		this.mustChangePassword = mustChangePassword;
	}

	void disable(Instant now) {
		if (this.disabledAt == null) {
			this.disabledAt = now;
		}
	}

	void enable() {
		this.disabledAt = null;
	}

	void changeRole(Role role) {
		this.role = role.json();
	}

	/** A password someone else chose: its owner must replace it at the next sign-in. */
	void resetPassword(String hash, Instant now) {
		this.passwordHash = hash;
		this.passwordChangedAt = now;
		this.mustChangePassword = true;
	}

	/** A password its owner chose. */
	void changePassword(String hash, Instant now) {
		this.passwordHash = hash;
		this.passwordChangedAt = now;
		this.mustChangePassword = false;
	}

	public String username() {
		return this.username;
	}

	String passwordHash() {
		return this.passwordHash;
	}

	public Role role() {
		return Role.fromJson(this.role);
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	/** When an admin disabled the account; null while it is enabled. */
	public Instant disabledAt() {
		return this.disabledAt;
	}

	public boolean enabled() {
		return this.disabledAt == null;
	}

	public boolean mustChangePassword() {
		return this.mustChangePassword;
	}

	public Instant passwordChangedAt() {
		return this.passwordChangedAt;
	}

}
