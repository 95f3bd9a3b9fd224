package io.cfgspace.verification.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.registry.ModelKey;
import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.VmmProfileRecord;
import io.cfgspace.verification.VmmProfileService;
import io.cfgspace.verification.core.VmmBuild;
import io.cfgspace.verification.core.VmmProfile;
import io.cfgspace.verification.core.VmmProfileJson;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * VMM profiles (read by everyone, changed by admins) and the configuration a profile's
 * VMM needs to build a pin.
 */
@RestController
class VmmProfileController {

	private static final String ALIAS = "[A-Za-z0-9_.-]{1,64}";

	private static final String ADDRESS = "[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]";

	private final VmmProfileService profiles;

	VmmProfileController(VmmProfileService profiles) {
		this.profiles = profiles;
	}

	record ProfileList(List<Map<String, Object>> items) {
	}

	/**
	 * Every profile, or those whose match rule describes a VMM build: {@code vmm},
	 * {@code version} (as the VMM prints it, e.g. {@code 9.2.0}) and {@code machineType}.
	 */
	@GetMapping("/api/v1/vmm-profiles")
	ProfileList list(@RequestParam(required = false) String vmm, @RequestParam(required = false) String version,
			@RequestParam(required = false) String machineType) {
		VmmProfile.Vmm kind = null;
		if (vmm != null) {
			try {
				kind = VmmProfile.Vmm.fromJson(vmm);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(ex.getMessage());
			}
		}
		String number = null;
		if (version != null) {
			number = VmmProfile.versionIn(version);
			if (number == null || version.length() > 200) {
				throw invalid("version '" + version + "' holds no version number such as 9.2.0");
			}
		}
		if (machineType != null && !machineType.matches("[A-Za-z0-9_.-]{1,100}")) {
			throw invalid("machineType must be a machine type name such as pc-q35-9.2");
		}
		return new ProfileList(this.profiles.describing(kind, number, machineType).stream().map(this::view).toList());
	}

	@GetMapping("/api/v1/vmm-profiles/{name}")
	Map<String, Object> get(@PathVariable String name) {
		return view(this.profiles.get(name));
	}

	@PostMapping("/api/v1/vmm-profiles")
	ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body, Authentication caller) {
		VmmProfileRecord created = this.profiles.create(read(body, null), caller.getName());
		return ResponseEntity.created(URI.create("/api/v1/vmm-profiles/" + created.name())).body(view(created));
	}

	@PutMapping("/api/v1/vmm-profiles/{name}")
	Map<String, Object> change(@PathVariable String name, @RequestBody Map<String, Object> body,
			Authentication caller) {
		return view(this.profiles.change(name, read(body, name), caller.getName()));
	}

	@DeleteMapping("/api/v1/vmm-profiles/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.profiles.delete(name);
		return ResponseEntity.noContent().build();
	}

	/**
	 * What the profile's VMM must be told so that it builds exactly this pin: the device
	 * properties, libvirt's {@code <qemu:override>} for the hostdev's alias, and the
	 * command line; 422 {@code vmm-cannot-build} with every reason when it cannot.
	 */
	@GetMapping("/api/v1/device-models/{key}/pins/{version}/vmm-config")
	Map<String, Object> configuration(@PathVariable String key, @PathVariable int version, @RequestParam String profile,
			@RequestParam(defaultValue = "hostdev0") String alias, @RequestParam(required = false) String address) {
		if (!alias.matches(ALIAS)) {
			throw invalid("alias must be 1 to 64 of A-Z a-z 0-9 _ . - (the hostdev's <alias name>, such as ua-dsa0)");
		}
		if (address != null && !address.matches(ADDRESS)) {
			throw invalid("address must be a PCI address DDDD:BB:DD.F");
		}
		ModelKey model = ModelKey.parse(key);
		VmmProfileService.Configured configured = this.profiles.configure(model, version, profile);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("modelKey", model.toString());
		out.put("pinVersion", version);
		out.putAll(document(configured, alias, (address != null) ? address.toLowerCase(java.util.Locale.ROOT) : null));
		return out;
	}

	/** The answer of vmm-config; the UI's panel shows the same. */
	static Map<String, Object> document(VmmProfileService.Configured configured, String alias, String address) {
		VmmBuild build = configured.build();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("profile", build.profile().name());
		out.put("vmm", build.profile().vmm().json());
		out.put("device", build.profile().device());
		out.put("fingerprint", configured.pin().fingerprint());
		out.put("properties", build.properties().stream().map((p) -> {
			Map<String, Object> property = new LinkedHashMap<>();
			property.put("name", p.name());
			property.put("type", "unsigned");
			property.put("value", p.value());
			property.put("block", Map.of("space", p.block().space().json(), "offset", p.block().offset(), "id",
					p.block().id(), "name", p.block().name()));
			return property;
		}).toList());
		String override = build.libvirtOverride(alias);
		out.put("libvirt", (override != null) ? Map.of("alias", alias, "override", override) : null);
		out.put("commandLine", build.commandLine(address, alias));
		out.put("notes", build.notes());
		return out;
	}

	private Map<String, Object> view(VmmProfileRecord record) {
		Map<String, Object> view = VmmProfileJson.write(record.profile());
		view.put("createdAt", record.createdAt().toString());
		view.put("createdBy", record.createdBy());
		view.put("changedAt", record.changedAt().toString());
		view.put("changedBy", record.changedBy());
		return view;
	}

	private static VmmProfile read(Map<String, Object> body, String name) {
		try {
			return VmmProfileJson.read(body, name);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-vmm-profile", "Invalid VMM profile", ex.getMessage());
		}
	}

	private static BadRequest invalid(String detail) {
		return new BadRequest("invalid-request", "Invalid request", detail);
	}

}
