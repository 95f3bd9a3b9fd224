package io.cfgspace.verification;

import java.time.Instant;
import java.util.List;

import io.cfgspace.verification.core.Quirk;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored quirk; {@link #toQuirk()} gives the value the verifier uses. */
@Entity
@Table(name = "quirk")
public class QuirkRecord {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private int vendorId;

	private int deviceId;

	private Integer revisionId;

	private boolean allGaps;

	@JdbcTypeCode(SqlTypes.JSON)
	private List<Quirk.Range> ranges;

	private String reason;

	@Column(updatable = false)
	private Instant createdAt;

	@Column(updatable = false)
	private String createdBy;

	protected QuirkRecord() {
	}

	QuirkRecord(Quirk quirk, String createdBy, Instant createdAt) {
		this.createdBy = createdBy;
		this.createdAt = createdAt;
		change(quirk);
	}

	void change(Quirk quirk) {
		this.vendorId = quirk.vendorId();
		this.deviceId = quirk.deviceId();
		this.revisionId = quirk.revisionId();
		this.allGaps = quirk.allGaps();
		this.ranges = quirk.ranges();
		this.reason = quirk.reason();
	}

	public Long id() {
		return this.id;
	}

	public Quirk toQuirk() {
		return new Quirk(this.vendorId, this.deviceId, this.revisionId, this.allGaps,
				(this.ranges != null) ? this.ranges : List.of(), this.reason);
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public String createdBy() {
		return this.createdBy;
	}

}
