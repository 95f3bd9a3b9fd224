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
		CanonicalWriter writer = new CanonicalWriter(capacity(layout) + 64 * layout.blocks().size());
		writer.layout(layout, true, fingerprint);
		return writer.out.toString();
	}

	/** What the fingerprint covers: no block names, no findings, no fingerprint. */
	static String fingerprintContent(Layout layout) {
		CanonicalWriter writer = new CanonicalWriter(capacity(layout));
		writer.layout(layout, false, null);
		return writer.out.toString();
	}

	private static int capacity(Layout layout) {
		int image = (layout.image() != null) ? 2 * layout.image().size() : 0;
		return 512 + image + 256 * layout.blocks().size() + 96 * layout.bars().size() + 640 * layout.state().size();
	}

	private void layout(Layout layout, boolean full, String fingerprint) {
		this.out.append('{');
		// a first-format document has none of these members, and must hash as it did
		if (layout.image() != null) {
			this.out.append("\"bars\":[");
			List<Bar> bars = layout.bars();
			for (int i = 0; i < bars.size(); i++) {
				if (i > 0) {
					this.out.append(',');
				}
				bar(bars.get(i));
			}
			this.out.append("],");
		}
		this.out.append("\"blocks\":[");
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
		this.out.append(",\"format\":\"").append(layout.format()).append("\",\"identity\":");
		identity(layout.identity());
		if (layout.image() != null) {
			this.out.append(",\"image\":{\"bytes\":\"")
				.append(layout.image().hex())
				.append("\",\"stateTables\":")
				.append(layout.image().stateTables())
				.append("},\"state\":[");
			List<StateDeclaration> state = layout.state();
			for (int i = 0; i < state.size(); i++) {
				if (i > 0) {
					this.out.append(',');
				}
				declaration(state.get(i));
			}
			this.out.append(']');
		}
		this.out.append('}');
	}

	private void bar(Bar bar) {
		this.out.append("{\"prefetchable\":")
			.append(bar.prefetchable())
			.append(",\"resource\":\"")
			.append(bar.resource().json())
			.append('"');
		if (bar.size() != null) {
			this.out.append(",\"size\":").append(bar.size().longValue());
		}
		this.out.append(",\"type\":\"").append(bar.type().json()).append("\"}");
	}

	private void declaration(StateDeclaration declaration) {
		this.out.append("{\"mask\":")
			.append(declaration.mask())
			.append(",\"offset\":")
			.append(declaration.offset())
			.append(",\"reason\":");
		string(declaration.reason());
		this.out.append(",\"width\":").append(declaration.width()).append('}');
	}

	private void block(LayoutBlock block, boolean withName) {
		this.out.append("{\"fields\":{");
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
			.append('"');
		if (block.perUnit() != null) {
			this.out.append(",\"perUnit\":\"").append(block.perUnit().json()).append('"');
		}
		this.out.append(",\"space\":\"").append(block.space().json()).append('"');
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
