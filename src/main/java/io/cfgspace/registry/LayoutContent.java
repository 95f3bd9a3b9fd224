package io.cfgspace.registry;

import io.cfgspace.layout.Fingerprint;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.LayoutFormatException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One distinct canonical layout, stored once and named by its fingerprint. Written once,
 * never changed (the database refuses updates), and checked again every time it is read
 * for use.
 */
@Entity
@Immutable
@Table(name = "layout_content")
public class LayoutContent {

	@Id
	private String fingerprint;

	@Column(nullable = false)
	private String canonical;

	@Column(name = "canonical_sha256", nullable = false)
	private String canonicalSha256;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false)
	private String document;

	protected LayoutContent() {
	}

	LayoutContent(Layout layout) {
		this.fingerprint = layout.fingerprint();
		this.canonical = LayoutDocument.write(layout);
		this.canonicalSha256 = Fingerprint.sha256Hex(this.canonical);
		this.document = this.canonical;
	}

	/** As a query read it, to be checked like any other; never saved. */
	LayoutContent(String fingerprint, String canonical, String canonicalSha256) {
		this.fingerprint = fingerprint;
		this.canonical = canonical;
		this.canonicalSha256 = canonicalSha256;
	}

	public String fingerprint() {
		return this.fingerprint;
	}

	String digest() {
		return this.canonicalSha256;
	}

	/** Whether this digest is the stored one and the stored text still hashes to it. */
	boolean hashesTo(String digest) {
		return this.canonicalSha256.equals(digest) && Fingerprint.sha256Hex(this.canonical).equals(digest);
	}

	/**
	 * The layout, re-hashed: the stored text must hash to its stored digest and its
	 * content to its fingerprint.
	 * @throws LayoutIntegrityViolation when the stored layout was altered
	 */
	public Layout verifiedLayout() {
		if (!Fingerprint.sha256Hex(this.canonical).equals(this.canonicalSha256)) {
			throw new LayoutIntegrityViolation(this.fingerprint, "its stored text no longer hashes to its digest");
		}
		Layout layout;
		try {
			layout = LayoutDocument.read(this.canonical);
		}
		catch (LayoutFormatException ex) {
			throw new LayoutIntegrityViolation(this.fingerprint, ex.getMessage());
		}
		if (!layout.fingerprint().equals(this.fingerprint)) {
			throw new LayoutIntegrityViolation(this.fingerprint, "its content hashes to " + layout.fingerprint());
		}
		return layout;
	}

}
