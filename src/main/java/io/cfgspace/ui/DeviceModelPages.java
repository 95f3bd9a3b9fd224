package io.cfgspace.ui;

import java.util.List;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.planning.PlanningService;
import io.cfgspace.registry.DeviceModel;
import io.cfgspace.registry.DeviceModelService;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.registry.web.Dumps;

import org.springframework.security.core.Authentication;
import io.cfgspace.verification.VmmProfileRecord;
import io.cfgspace.verification.VmmProfileService;
import io.cfgspace.verification.core.VmmBuild;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Device models, their pinned versions, each version's map, and the impact check. */
@Controller
class DeviceModelPages {

	static final int PAGE_SIZE = 20;

	private final DeviceModelService models;

	private final PinService pins;

	private final PlanningService planning;

	private final Maps maps;

	private final VmmProfileService profiles;

	DeviceModelPages(DeviceModelService models, PinService pins, PlanningService planning, Maps maps,
			VmmProfileService profiles) {
		this.profiles = profiles;
		this.models = models;
		this.pins = pins;
		this.planning = planning;
		this.maps = maps;
	}

	@GetMapping("/ui/models")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) String cursor, Model model) {
		DeviceModelService.Page<DeviceModel> page = this.models.page(null, null, q, cursor, PAGE_SIZE);
		model.addAttribute("q", (q != null) ? q : "");
		model.addAttribute("page", page);
		return "ui/models";
	}

	@PostMapping("/ui/models")
	String create(@RequestParam String key, @RequestParam String displayName,
			@RequestParam(required = false) String notes, Authentication caller) {
		ModelKey modelKey = ModelKey.parse(key.strip());
		String name = displayName.isBlank() ? modelKey.toString() : displayName.strip();
		this.models.create(modelKey, name, notes, caller.getName());
		return "redirect:/ui/models/" + modelKey;
	}

	@GetMapping("/ui/models/{key}")
	String model(@PathVariable String key, Model model) {
		ModelKey modelKey = ModelKey.parse(key);
		model.addAttribute("model", this.models.get(modelKey));
		model.addAttribute("versions", this.pins.versions(modelKey));
		return "ui/model";
	}

	@PostMapping("/ui/models/{key}/impact")
	String impact(@PathVariable String key, @RequestParam(required = false) String dump,
			@RequestParam(required = false) MultipartFile file, Model model) throws java.io.IOException {
		ModelKey modelKey = ModelKey.parse(key);
		String text = PinFlowPages.text(dump, (file != null) ? List.of(file) : List.of());
		if (text.isBlank()) {
			throw new IllegalArgumentException("paste or upload the new device's dump");
		}
		Layout candidate = ConfigSpaceParser.parse(Dumps.single(text));
		model.addAttribute("impacts", this.planning.impact(modelKey, candidate));
		model.addAttribute("candidate", candidate);
		return model(key, model);
	}

	@GetMapping("/ui/models/{key}/pins/{version}")
	String pin(@PathVariable String key, @PathVariable int version, @RequestParam(required = false) String profile,
			@RequestParam(required = false) String alias, Model model) {
		PinService.StoredPin stored = this.pins.read(ModelKey.parse(key), version);
		model.addAttribute("stored", stored);
		// the VMM configuration panel: what the chosen profile's VMM must be told
		model.addAttribute("profiles", this.profiles.list().stream().map(VmmProfileRecord::name).toList());
		String hostdev = (alias != null && alias.matches("[A-Za-z0-9_.-]{1,64}")) ? alias : "ua-hostdev0";
		model.addAttribute("alias", hostdev);
		if (profile != null && !profile.isBlank()) {
			VmmBuild build = VmmBuild.of(stored.layout(), this.profiles.named(profile));
			model.addAttribute("build", build);
			model.addAttribute("override", build.libvirtOverride(hostdev));
			model.addAttribute("commandLine", build.commandLine(null, hostdev));
		}
		model.addAttribute("map", this.maps.of(stored.layout()));
		model.addAttribute("document", LayoutDocument.write(stored.layout()));
		return "ui/pin";
	}

	@PostMapping("/ui/models/{key}/pins/{version}/deprecation")
	String deprecate(@PathVariable String key, @PathVariable int version, @RequestParam(required = false) String reason,
			Authentication caller, RedirectAttributes redirect) {
		ModelKey modelKey = ModelKey.parse(key);
		this.pins.deprecate(modelKey, version, reason, caller.getName());
		return "redirect:/ui/models/" + modelKey + "/pins/" + version;
	}

}
