package io.cfgspace.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.Space;
import io.cfgspace.planning.core.CapabilityRef;
import io.cfgspace.planning.core.NoRoomException;
import io.cfgspace.planning.core.Plan.FreeRange;
import io.cfgspace.planning.core.Plan;
import io.cfgspace.planning.core.Planner;
import io.cfgspace.planning.core.SynthesisRequest;
import io.cfgspace.verification.core.Quirk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cfgspace plan}: where the VMM's synthesized blocks go on every given variant of
 * a device model, as a layout ready to pin. It runs the planner here, offline.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Proposes a layout for a device model: the physical blocks to hide, the blocks to "
						+ "synthesize placed where they are free on every variant (firmware, PF and VF, hosts).",
				"Exit codes: 0 planned, 1 nothing fits (the message says which variant blocks which range), "
						+ "2 unusable input." })
final class PlanCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--variant", paramLabel = "FILE", required = true,
			description = "one variant's dump (lspci -xxxx text, sysfs config, hex, base64) or layout document; "
					+ "repeat for every variant")
	private List<String> variants;

	@Option(names = "--hide", paramLabel = "SPACE:ID",
			description = "a physical capability the VMM hides, e.g. extended:0x1b; repeatable")
	private List<String> hide = new ArrayList<>();

	@Option(names = "--synthesize", paramLabel = "KIND:FIELDS", required = true,
			description = { "a block the VMM synthesizes; repeatable:", "  pasid:width=20[,exec][,priv]",
					"  pri:capacity=512", "  ats:depth=0[,aligned]", "  dvsec:length=12,vendor=0x1e98,id=0[,rev=0]",
					"  vsec:length=16,id=0x42[,rev=1]" })
	private List<String> synthesize;

	@Option(names = "--standard-space", description = "allow standard capabilities (0x40..0xff) too")
	private boolean standardSpace;

	@Option(names = "--quirks", paramLabel = "FILE",
			description = "quirks as a JSON list of {vendorId, deviceId, revisionId?, allGaps, ranges, reason}")
	private String quirks;

	@Option(names = "--json",
			description = "print the plan as {fingerprint, layout, freeByVariant, freeInAll, explanation}")
	private boolean json;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			List<Layout> layouts = new ArrayList<>();
			for (String file : this.variants) {
				layouts.add(variant(file));
			}
			List<CapabilityRef> hidden = new ArrayList<>();
			for (String ref : this.hide) {
				hidden.add(capability(ref));
			}
			List<SynthesisRequest> requests = new ArrayList<>();
			for (String request : this.synthesize) {
				requests.add(request(request));
			}
			List<Quirk> known = (this.quirks != null) ? QuirksFile.read(this.quirks) : List.of();
			Plan plan = Planner.plan(layouts, hidden, requests, known, this.standardSpace);
			if (this.json) {
				out.println(Json.canonical(json(plan)));
			}
			else {
				print(plan, layouts, out);
			}
			out.flush();
			return 0;
		}
		catch (CommandFailure ex) {
			return ex.report(err);
		}
		catch (NoRoomException ex) {
			err.println("cfgspace: " + ex.getMessage());
			err.flush();
			return Cli.NEGATIVE;
		}
		catch (IllegalArgumentException ex) {
			err.println("cfgspace: " + ex.getMessage());
			err.flush();
			return Cli.UNUSABLE_INPUT;
		}
	}

	private static Layout variant(String file) throws CommandFailure {
		Layout layout = InputFile.side(file).layout();
		Coverage coverage = layout.coverage();
		if (coverage.standard() == Coverage.Extent.UNKNOWN || coverage.extended() == Coverage.Extent.UNKNOWN) {
			throw CommandFailure.unusable(file + ": a " + coverage.bytes() + "-byte dump does not show what is free;"
					+ " planning needs all of config space (lspci -xxxx, or sysfs config read as root)");
		}
		return layout;
	}

	private void print(Plan plan, List<Layout> layouts, PrintWriter out) {
		// the planner numbers the variants in fingerprint order, so that their order
		// does not matter; say which file is which
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < layouts.size(); i++) {
			order.add(i);
		}
		order.sort(Comparator.comparing((Integer i) -> layouts.get(i).fingerprint()));
		for (int number = 1; number <= order.size(); number++) {
			int index = order.get(number - 1);
			out.printf("variant %d: %s%n", number, this.variants.get(index));
			out.printf("\tfree: %s%n", ranges(plan.freeByVariant().get(number - 1)));
		}
		out.printf("free on every variant: %s%n", ranges(plan.freeInAll()));
		plan.explanation().forEach(out::println);
		out.println();
		LspciStyle.print(null, plan.layout(), out);
	}

	private static String ranges(List<FreeRange> ranges) {
		if (ranges.isEmpty()) {
			return "none";
		}
		return String.join(", ",
				ranges.stream()
					.map((range) -> String.format("0x%03x..0x%03x", range.start(), range.end() - 1))
					.toList());
	}

	private static Map<String, Object> json(Plan plan) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("fingerprint", plan.layout().fingerprint());
		json.put("layout", LayoutDocument.toJson(plan.layout()));
		json.put("freeByVariant", plan.freeByVariant().stream().map(PlanCommand::json).toList());
		json.put("freeInAll", json(plan.freeInAll()));
		json.put("explanation", plan.explanation());
		return json;
	}

	private static List<Map<String, Object>> json(List<FreeRange> ranges) {
		return ranges.stream()
			.map((range) -> Map.<String, Object>of("start", (long) range.start(), "end", (long) range.end()))
			.toList();
	}

	/** {@code extended:0x1b} or {@code standard:0x09}. */
	static CapabilityRef capability(String value) throws CommandFailure {
		String[] parts = value.strip().split(":", -1);
		if (parts.length != 2 || !(parts[0].equals("standard") || parts[0].equals("extended"))) {
			throw CommandFailure.unusable("--hide: expected standard:ID or extended:ID, got '" + value + "'");
		}
		Space space = Space.fromJson(parts[0]);
		int id = number("--hide " + value, parts[1], (space == Space.STANDARD) ? 0xFF : 0xFFFF);
		return new CapabilityRef(space, id);
	}

	/** {@code pasid:width=20,exec,priv} and the like: one block to synthesize. */
	static SynthesisRequest request(String value) throws CommandFailure {
		String where = "--synthesize " + value;
		int colon = value.indexOf(':');
		String kind = ((colon < 0) ? value : value.substring(0, colon)).strip();
		Map<String, String> fields = fields(where, (colon < 0) ? "" : value.substring(colon + 1));
		try {
			SynthesisRequest request = switch (kind) {
				case "pasid" -> SynthesisRequest.pasid(number(where, required(where, fields, "width"), 20),
						flag(where, fields, "exec"), flag(where, fields, "priv"));
				case "pri" -> SynthesisRequest.pri(number(where, required(where, fields, "capacity"), 0xFFFFFFFFL));
				case "ats" -> SynthesisRequest.ats(number(where, required(where, fields, "depth"), 31),
						flag(where, fields, "aligned"));
				case "dvsec" -> SynthesisRequest.dvsec(number(where, required(where, fields, "vendor"), 0xFFFF),
						number(where, required(where, fields, "id"), 0xFFFF), optional(where, fields, "rev", 0xF),
						number(where, required(where, fields, "length"), 0xFFF));
				case "vsec" -> SynthesisRequest.vsec(number(where, required(where, fields, "id"), 0xFFFF),
						optional(where, fields, "rev", 0xF), number(where, required(where, fields, "length"), 0xFFF));
				default -> throw CommandFailure
					.unusable(where + ": expected pasid, pri, ats, dvsec or vsec, got '" + kind + "'");
			};
			if (!fields.isEmpty()) {
				throw CommandFailure.unusable(where + ": " + kind + " takes no " + String.join(", ", fields.keySet()));
			}
			return request;
		}
		catch (IllegalArgumentException ex) {
			throw CommandFailure.unusable(where + ": " + ex.getMessage());
		}
	}

	private static Map<String, String> fields(String where, String text) throws CommandFailure {
		Map<String, String> fields = new LinkedHashMap<>();
		if (text.isBlank()) {
			return fields;
		}
		for (String field : text.split(",", -1)) {
			int equals = field.indexOf('=');
			String name = ((equals < 0) ? field : field.substring(0, equals)).strip();
			if (name.isEmpty() || fields.containsKey(name)) {
				throw CommandFailure.unusable(where + ": '" + field + "' is empty or given twice");
			}
			fields.put(name, (equals < 0) ? null : field.substring(equals + 1).strip());
		}
		return fields;
	}

	private static String required(String where, Map<String, String> fields, String name) throws CommandFailure {
		String value = fields.remove(name);
		if (value == null) {
			throw CommandFailure.unusable(where + ": give " + name + "=N");
		}
		return value;
	}

	private static int optional(String where, Map<String, String> fields, String name, int max) throws CommandFailure {
		String value = fields.remove(name);
		return (value != null) ? number(where, value, max) : 0;
	}

	private static boolean flag(String where, Map<String, String> fields, String name) throws CommandFailure {
		if (!fields.containsKey(name)) {
			return false;
		}
		if (fields.remove(name) != null) {
			throw CommandFailure.unusable(where + ": " + name + " is a flag and takes no value");
		}
		return true;
	}

	private static int number(String where, String text, int max) throws CommandFailure {
		return (int) number(where, text, (long) max);
	}

	private static long number(String where, String text, long max) throws CommandFailure {
		try {
			long value = (text.startsWith("0x") || text.startsWith("0X")) ? Long.parseLong(text.substring(2), 16)
					: Long.parseLong(text);
			if (value < 0 || value > max) {
				throw CommandFailure.unusable(where + ": " + text + " is outside 0.." + max);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw CommandFailure.unusable(where + ": '" + text + "' is not a number (decimal or 0x hex)");
		}
	}

}
