package io.cfgspace.ui;

import java.util.List;
import java.util.Set;

import io.cfgspace.layout.Layout;
import io.cfgspace.verification.QuirkService;
import io.cfgspace.verification.core.Quirk;

import org.springframework.stereotype.Component;

/** Draws layouts with the quirks the registry knows for their device. */
@Component
class Maps {

	private final QuirkService quirks;

	Maps(QuirkService quirks) {
		this.quirks = quirks;
	}

	LayoutMap of(Layout layout, Set<String> highlighted, String anchor) {
		return LayoutMap.of(layout, quirksOf(layout), highlighted, anchor);
	}

	LayoutMap of(Layout layout, Set<String> highlighted, List<LayoutMap.RegisterMark> registers, String anchor) {
		return LayoutMap.of(layout, quirksOf(layout), highlighted, registers, anchor);
	}

	LayoutMap of(Layout layout) {
		return of(layout, Set.of(), "");
	}

	List<Quirk> quirksOf(Layout layout) {
		return this.quirks.forDevice(layout.identity().vendorId(), layout.identity().deviceId())
			.stream()
			.filter((quirk) -> quirk.appliesTo(layout.identity()))
			.toList();
	}

}
