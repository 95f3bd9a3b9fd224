package io.cfgspace.ui;

import java.util.ArrayList;
import java.util.List;

import io.cfgspace.security.Role;
import io.cfgspace.security.TokenGrant;
import io.cfgspace.security.TokenService;
import io.cfgspace.system.BadRequest;
import io.cfgspace.layout.Json;
import io.cfgspace.verification.QuirkService;
import io.cfgspace.verification.VmmProfileService;
import io.cfgspace.verification.core.VmmProfile;
import io.cfgspace.verification.core.VmmProfileJson;
import io.cfgspace.verification.core.Quirk;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The quirk registry and API tokens: an admin's pages. */
@Controller
class AdminPages {

	private final QuirkService quirks;

	private final TokenService tokens;

	private final VmmProfileService profiles;

	AdminPages(QuirkService quirks, TokenService tokens, VmmProfileService profiles) {
		this.profiles = profiles;
		this.quirks = quirks;
		this.tokens = tokens;
	}

	@GetMapping("/ui/quirks")
	String quirks(Model model) {
		model.addAttribute("quirks", this.quirks.list());
		return "ui/quirks";
	}

	@PostMapping("/ui/quirks")
	String addQuirk(@RequestParam String vendorId, @RequestParam String deviceId,
			@RequestParam(required = false) String revisionId, @RequestParam(defaultValue = "false") boolean allGaps,
			@RequestParam(required = false) String ranges, @RequestParam String reason, Authentication caller) {
		Quirk quirk;
		try {
			quirk = new Quirk(hex(vendorId, 0xFFFF, "vendor ID"), hex(deviceId, 0xFFFF, "device ID"),
					(revisionId == null || revisionId.isBlank()) ? null : hex(revisionId, 0xFF, "revision"), allGaps,
					ranges(ranges), reason.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-request", "Invalid quirk", ex.getMessage());
		}
		if (!quirk.allGaps() && quirk.ranges().isEmpty()) {
			throw new BadRequest("invalid-request", "Invalid quirk", "give the used ranges, or mark every gap used");
		}
		this.quirks.create(quirk, caller.getName());
		return "redirect:/ui/quirks";
	}

	@PostMapping("/ui/quirks/{id}/delete")
	String deleteQuirk(@PathVariable long id) {
		this.quirks.delete(id);
		return "redirect:/ui/quirks";
	}

	@GetMapping("/ui/vmm-profiles")
	String profiles(Model model) {
		model.addAttribute("profiles", this.profiles.list());
		return "ui/vmm-profiles";
	}

	/**
	 * A profile as its JSON document (the REST API's), new or replacing the one of its
	 * name.
	 */
	@PostMapping("/ui/vmm-profiles")
	String saveProfile(@RequestParam String document, Authentication caller) {
		VmmProfile profile;
		try {
			profile = VmmProfileJson.read(Json.parse(document), null);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-vmm-profile", "Invalid VMM profile", ex.getMessage());
		}
		boolean exists = this.profiles.list().stream().anyMatch((r) -> r.name().equals(profile.name()));
		if (exists) {
			this.profiles.change(profile.name(), profile, caller.getName());
		}
		else {
			this.profiles.create(profile, caller.getName());
		}
		return "redirect:/ui/vmm-profiles";
	}

	@PostMapping("/ui/vmm-profiles/{name}/delete")
	String deleteProfile(@PathVariable String name) {
		this.profiles.delete(name);
		return "redirect:/ui/vmm-profiles";
	}

	@GetMapping("/ui/tokens")
	String tokens(Model model) {
		model.addAttribute("tokens", this.tokens.list());
		model.addAttribute("roles", Role.values());
		return "ui/tokens";
	}

	/** The secret is shown on this one answer and never again. */
	@PostMapping("/ui/tokens")
	String issue(@RequestParam String name, @RequestParam(defaultValue = TokenGrant.ROLE) String kind,
			@RequestParam(required = false) String role, @RequestParam(required = false) String hostName,
			@RequestParam(defaultValue = "false") boolean mayReport, Authentication caller, Model model) {
		if (name.isBlank() || name.length() > 200) {
			throw new BadRequest("invalid-request", "Invalid request", "a token needs a name of 1 to 200 characters");
		}
		// the form sends every field; only those of the chosen kind count
		boolean reporter = TokenGrant.REPORTER.equals(kind);
		TokenGrant grant = TokenGrant.of(kind, reporter ? null : role, reporter ? blankToNull(hostName) : null,
				reporter ? null : mayReport);
		TokenService.Issued issued = this.tokens.issue(name.strip(), grant, caller.getName());
		model.addAttribute("issued", issued);
		return tokens(model);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	@PostMapping("/ui/tokens/{id}/revoke")
	String revoke(@PathVariable long id) {
		this.tokens.revoke(id);
		return "redirect:/ui/tokens";
	}

	/** {@code 0x40-0x60, 0x200-0x210}: half-open ranges, hex or decimal. */
	static List<Quirk.Range> ranges(String text) {
		List<Quirk.Range> ranges = new ArrayList<>();
		if (text == null || text.isBlank()) {
			return ranges;
		}
		for (String part : text.split("[,\\s]+")) {
			if (part.isEmpty()) {
				continue;
			}
			String[] ends = part.split("-", 2);
			if (ends.length != 2) {
				throw new IllegalArgumentException("'" + part + "' is not a range such as 0x40-0x60");
			}
			ranges.add(new Quirk.Range(number(ends[0]), number(ends[1])));
		}
		return ranges;
	}

	private static int hex(String text, int max, String what) {
		int value;
		try {
			value = Integer.parseInt(text.strip().replaceFirst("^0[xX]", ""), 16);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(what + " '" + text + "' is not hexadecimal");
		}
		if (value < 0 || value > max) {
			throw new IllegalArgumentException(what + " '" + text + "' is out of range");
		}
		return value;
	}

	private static int number(String text) {
		String value = text.strip();
		try {
			return value.startsWith("0x") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a number");
		}
	}

}
