package io.cfgspace.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cfgspace.registry.LayoutIntegrityViolation;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.VerificationRecord;
import io.cfgspace.verification.VerificationService;
import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;
import io.cfgspace.verification.core.Verdict;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The verdict history and one verdict. A stored verdict keeps its findings, not the dumps
 * of its sides, so a side is drawn as the pin it was checked against with the blocks its
 * findings name marked: that is everything the record can truthfully show.
 */
@Controller
class VerificationPages {

	static final int PAGE_SIZE = 25;

	private final VerificationService verifications;

	private final PinService pins;

	private final Maps maps;

	VerificationPages(VerificationService verifications, PinService pins, Maps maps) {
		this.verifications = verifications;
		this.pins = pins;
		this.maps = maps;
	}

	@GetMapping("/ui/verifications")
	String list(@RequestParam(required = false) String verdict, @RequestParam(required = false) String model,
			@RequestParam(required = false) String host, @RequestParam(required = false) String vm,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) Long before, Model page) {
		Verdict.Outcome outcome = blank(verdict) ? null : outcome(verdict);
		String modelKey = blank(model) ? null : ModelKey.parse(model.strip()).toString();
		VerificationService.Filter filter = new VerificationService.Filter(modelKey, outcome,
				blank(host) ? null : host.strip(), blank(vm) ? null : vm.strip(), day(from, 0), day(to, 1));
		List<VerificationRecord> items = this.verifications.list(filter, before, PAGE_SIZE + 1);
		Long next = null;
		if (items.size() > PAGE_SIZE) {
			items = items.subList(0, PAGE_SIZE);
			next = items.get(PAGE_SIZE - 1).id();
		}
		page.addAttribute("items", items);
		page.addAttribute("next", next);
		page.addAttribute("filter", new Filters(verdict, model, host, vm, from, to));
		return "ui/verifications";
	}

	/** The filters as typed, to fill the form and the next-page link again. */
	record Filters(String verdict, String model, String host, String vm, String from, String to) {

	}

	@GetMapping("/ui/verifications/{id}")
	String verification(@PathVariable long id, Model page) {
		VerificationRecord record = this.verifications.get(id);
		page.addAttribute("record", record);
		page.addAttribute("rows", record.findings().stream().map(FindingRow::of).toList());
		page.addAttribute("firstError",
				record.findings()
					.stream()
					.filter((f) -> f.severity() == Finding.Severity.ERROR)
					.findFirst()
					.orElse(null));
		try {
			PinService.StoredPin pin = this.pins.read(ModelKey.parse(record.modelKey()), record.pinVersion());
			page.addAttribute("pin", pin);
			page.addAttribute("source", this.maps.of(pin.layout(), marked(record.findings(), Finding.Side.SOURCE),
					registers(record.findings(), Finding.Side.SOURCE), "source-"));
			page.addAttribute("destination",
					this.maps.of(pin.layout(), marked(record.findings(), Finding.Side.DESTINATION),
							registers(record.findings(), Finding.Side.DESTINATION), "destination-"));
		}
		catch (LayoutIntegrityViolation ex) {
			page.addAttribute("pinProblem", ex.getMessage());
		}
		return "ui/verification";
	}

	/**
	 * The places a side's findings name (findings about the pin itself mark both sides),
	 * as {@link LayoutMap#key} values; a finding about the header marks the header.
	 */
	static Set<String> marked(List<Finding> findings, Finding.Side side) {
		Set<String> keys = new HashSet<>();
		for (Finding finding : findings) {
			if (!concerns(finding, side) || !placed(finding)) {
				continue;
			}
			if (finding.space() != null && finding.offset() != null) {
				keys.add(LayoutMap.key(finding.space(), finding.offset()));
				// the side's block sits elsewhere: mark that place too
				if (finding.code() == FindingCode.OFFSET_MISMATCH && finding.actual() != null
						&& finding.actual().startsWith("0x")) {
					try {
						keys.add(LayoutMap.key(finding.space(), Integer.parseInt(finding.actual().substring(2), 16)));
					}
					catch (NumberFormatException ex) {
						// not an offset: the pinned place is marked, which is enough
					}
				}
			}
			else {
				keys.add("header");
			}
		}
		return keys;
	}

	/**
	 * The registers a side's findings name (findings about the pin itself name them on
	 * both sides), to mark byte by byte on its map.
	 */
	static List<LayoutMap.RegisterMark> registers(List<Finding> findings, Finding.Side side) {
		List<LayoutMap.RegisterMark> registers = new ArrayList<>();
		for (Finding finding : findings) {
			if (concerns(finding, side) && finding.register() != null) {
				registers.add(
						new LayoutMap.RegisterMark(finding.register(), finding.mask(), FindingRow.of(finding).title()));
			}
		}
		return registers;
	}

	private static boolean concerns(Finding finding, Finding.Side side) {
		return finding.side() == side || finding.side() == Finding.Side.PIN;
	}

	/**
	 * Whether a finding is about a place on the map. One that cannot compare a side is
	 * about the whole side; one about a gap's register has no block, and its register
	 * mark shows it.
	 */
	private static boolean placed(Finding finding) {
		if (finding.code() == FindingCode.CANNOT_COMPARE) {
			return false;
		}
		return !(finding.space() != null && finding.offset() == null && finding.register() != null);
	}

	/**
	 * A finding as the table shows it: where it is, the link to that place, and the
	 * register and bits it names.
	 *
	 * @param place the space, block and capability, or {@code –} for a finding about a
	 * whole side
	 * @param anchor the block row it links to, or {@code null}
	 * @param register the register's offset ({@code 0x154}), or {@code null} for a
	 * finding of an older verdict or one about no single register
	 * @param registerAnchor the register's mark on its side's map, or {@code null}
	 */
	record FindingRow(Finding finding, String place, String anchor, String register, String registerAnchor) {

		static FindingRow of(Finding finding) {
			String register = (finding.register() != null) ? String.format("0x%03x", finding.register()) : null;
			String registerAnchor = (register != null) ? side(finding) + "register-" + register : null;
			if (!placed(finding) && finding.register() == null) {
				return new FindingRow(finding, "–", null, null, null);
			}
			StringBuilder place = new StringBuilder();
			if (finding.space() != null) {
				place.append(finding.space().json());
			}
			else {
				place.append("header");
			}
			if (finding.offset() != null) {
				place.append(String.format(" 0x%03x", finding.offset()));
			}
			else if (finding.space() != null && finding.register() != null) {
				place.append(" gap");
			}
			if (finding.capability() != null) {
				place.append(' ').append(finding.capability());
			}
			String anchor = placed(finding) ? VerificationPages.anchor(finding) : registerAnchor;
			return new FindingRow(finding, place.toString(), anchor, register, registerAnchor);
		}

		/**
		 * Severity as a row class: {@code error}, {@code warning},
		 * {@code cannot-compare}.
		 */
		public String kind() {
			if (this.finding.code() == FindingCode.CANNOT_COMPARE) {
				return "cannot-compare";
			}
			return (this.finding.severity() == Finding.Severity.ERROR) ? "error" : "warning";
		}

		/** The tooltip of the register's mark. */
		String title() {
			StringBuilder title = new StringBuilder(this.finding.code().name()).append(": ");
			title.append((this.finding.field() != null) ? this.finding.field() : "register");
			if (this.register != null) {
				title.append(" (").append(this.register).append(')');
			}
			if (this.finding.mask() != null) {
				title.append(" bits ").append(this.finding.mask());
			}
			if (this.finding.actual() != null) {
				title.append(": ").append(this.finding.actual());
			}
			if (this.finding.expected() != null) {
				title.append(", pinned as ").append(this.finding.expected());
			}
			return title.toString();
		}

	}

	private static String side(Finding finding) {
		return (finding.side() == Finding.Side.DESTINATION) ? "destination-" : "source-";
	}

	/** The anchor a finding links to on its side's map. */
	static String anchor(Finding finding) {
		String side = side(finding);
		if (finding.space() == null || finding.offset() == null) {
			return side + "block-header";
		}
		return side + "block-" + LayoutMap.key(finding.space(), finding.offset());
	}

	private static Verdict.Outcome outcome(String verdict) {
		try {
			return Verdict.Outcome.valueOf(verdict.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-request", "Invalid request", "verdict is CONSISTENT or INCONSISTENT");
		}
	}

	/**
	 * A date (the start of that UTC day, or of the next one for an end) or an instant.
	 */
	static Instant day(String text, int plusDays) {
		if (blank(text)) {
			return null;
		}
		try {
			if (text.strip().length() == 10) {
				return LocalDate.parse(text.strip()).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return Instant.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			throw new BadRequest("invalid-request", "Invalid request",
					"'" + text + "' is neither a date (2026-11-25) nor an instant (2026-11-25T10:00:00Z)");
		}
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

}
