package io.cfgspace.layout;

import java.util.List;

/**
 * Writes a layout straight into its canonical JSON text: members in code-point order, no
 * white space, integers in plain decimal. It gives exactly what {@link Json#canonical}
 * gives for {@link LayoutDocument#toJson}, without building the intermediate maps,
 * because canonical text is on the hot path of every pin and verification.
 */
final class CanonicalWriter {

	private final StringBuilder out;

	private CanonicalWriter(int capacity) {
		this.out = new StringBuilder(capacity);
	}

	/** The whole document: names, findings and the fingerprint included. */
	static String document(Layout layout, String fingerprint) {
		CanonicalWriter writer = new CanonicalWriter(512 + 320 * layout.blocks().size());
		writer.layout(layout, true, fingerprint);
		return writer.out.toString();
	}

	/** What the fingerprint covers: no block names, no findings, no fingerprint. */
	static String fingerprintContent(Layout layout) {
		CanonicalWriter writer = new CanonicalWriter(512 + 256 * layout.blocks().size());
		writer.layout(layout, false, null);
		return writer.out.toString();
	}

	private void layout(Layout layout, boolean full, String fingerprint) {
		this.out.append("{\"blocks\":[");
		List<LayoutBlock> blocks = layout.blocks();
		for (int i = 0; i < blocks.size(); i++) {
			if (i > 0) {
				this.out.append(',');
			}
			block(blocks.get(i), full);
		}
		Coverage coverage = layout.coverage();
		this.out.append("],\"coverage\":{\"bytes\":")
			.append(coverage.bytes())
			.append(",\"extended\":\"")
			.append(coverage.extended().json())
			.append("\",\"standard\":\"")
			.append(coverage.standard().json())
			.append("\"}");
		if (full) {
			this.out.append(",\"findings\":[");
			List<StructuralFinding> findings = layout.findings();
			for (int i = 0; i < findings.size(); i++) {
				if (i > 0) {
					this.out.append(',');
				}
				finding(findings.get(i));
			}
			this.out.append("],\"fingerprint\":");
			string(fingerprint);
		}
		this.out.append(",\"format\":\"").append(Layout.FORMAT).append("\",\"identity\":");
		identity(layout.identity());
		this.out.append('}');
	}

	private void block(LayoutBlock block, boolean withName) {
		this.out.append('{');
		if (block.compare() != null) {
			this.out.append("\"compare\":{\"mask\":\"")
				.append(block.compare().maskHex())
				.append("\",\"value\":\"")
				.append(block.compare().valueHex())
				.append("\"},");
		}
		this.out.append("\"fields\":{");
		// a block's fields are a FieldMap: sorted keys, Long or Boolean values
		FieldMap fields = (FieldMap) block.fields();
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) {
				this.out.append(',');
			}
			string(fields.key(i));
			this.out.append(':');
			if (fields.value(i) instanceof Long number) {
				this.out.append(number.longValue());
			}
			else {
				this.out.append(((Boolean) fields.value(i)).booleanValue());
			}
		}
		this.out.append("},\"id\":").append(block.id()).append(",\"length\":").append(block.length());
		if (withName) {
			this.out.append(",\"name\":");
			string(block.name());
		}
		this.out.append(",\"next\":")
			.append(block.next())
			.append(",\"offset\":")
			.append(block.offset())
			.append(",\"origin\":\"")
			.append(block.origin().json())
			.append("\",\"space\":\"")
			.append(block.space().json())
			.append('"');
		if (block.version() != null) {
			this.out.append(",\"version\":").append(block.version().intValue());
		}
		this.out.append('}');
	}

	private void identity(Identity identity) {
		this.out.append("{\"capabilitiesPointer\":")
			.append(identity.capabilitiesPointer())
			.append(",\"classCode\":")
			.append(identity.classCode())
			.append(",\"deviceId\":")
			.append(identity.deviceId())
			.append(",\"headerType\":")
			.append(identity.headerType())
			.append(",\"multifunction\":")
			.append(identity.multifunction())
			.append(",\"revisionId\":")
			.append(identity.revisionId());
		if (identity.subsystemId() != null) {
			this.out.append(",\"subsystemId\":").append(identity.subsystemId().intValue());
		}
		if (identity.subsystemVendorId() != null) {
			this.out.append(",\"subsystemVendorId\":").append(identity.subsystemVendorId().intValue());
		}
		this.out.append(",\"vendorId\":").append(identity.vendorId()).append('}');
	}

	private void finding(StructuralFinding finding) {
		this.out.append("{\"code\":\"").append(finding.code().name()).append("\",\"message\":");
		string(finding.message());
		this.out.append(",\"offset\":")
			.append(finding.offset())
			.append(",\"space\":\"")
			.append(finding.space().json())
			.append("\"}");
	}

	private void string(String value) {
		Json.writeString(value, this.out);
	}

}
