package io.cfgspace.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.planning.CapabilityRef;
import io.cfgspace.planning.NoRoomException;
import io.cfgspace.planning.Plan;
import io.cfgspace.planning.PlanningService;
import io.cfgspace.planning.SynthesisRequest;
import io.cfgspace.registry.DeviceModelService;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.system.Conflict;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Pin from a dump: the operator pastes or uploads the dumps of every variant, picks what
 * to hide and what to synthesize, reviews the planner's map and reasons, then pins. The
 * pin step plans again from the same inputs (the planner is deterministic) and refuses
 * when the result is not the layout that was reviewed.
 */
@Controller
class PinFlowPages {

	/** Capabilities a VMM commonly hides and synthesizes: PASID, PRI, ATS. */
	static final List<Choice> USUAL = List.of(new Choice("extended:0x1b", "Process Address Space ID (PASID)"),
			new Choice("extended:0x13", "Page Request Interface (PRI)"),
			new Choice("extended:0xf", "Address Translation Service (ATS)"));

	private final PlanningService planning;

	private final PinService pins;

	private final DeviceModelService models;

	private final Maps maps;

	PinFlowPages(PlanningService planning, PinService pins, DeviceModelService models, Maps maps) {
		this.planning = planning;
		this.pins = pins;
		this.models = models;
		this.maps = maps;
	}

	/** A capability to offer for hiding: {@code space:0xID} and its name. */
	record Choice(String value, String name) {

	}

	/** What the operator asked for; re-rendered on every step. */
	static class PinForm {

		public String model = "";

		public String dump = "";

		public List<String> hide = new ArrayList<>();

		public boolean pasid;

		public int pasidWidth = 20;

		public boolean pasidExecute;

		public boolean pasidPrivileged;

		public boolean pri;

		public long priCapacity = 512;

		public boolean ats;

		public int atsDepth;

		public String fingerprint = "";

		// setters: Spring binds request parameters through them
		public void setModel(String model) {
			this.model = (model != null) ? model.strip() : "";
		}

		public void setDump(String dump) {
			this.dump = (dump != null) ? dump : "";
		}

		public void setHide(List<String> hide) {
			this.hide = (hide != null) ? hide : new ArrayList<>();
		}

		public void setPasid(boolean pasid) {
			this.pasid = pasid;
		}

		public void setPasidWidth(int pasidWidth) {
			this.pasidWidth = pasidWidth;
		}

		public void setPasidExecute(boolean pasidExecute) {
			this.pasidExecute = pasidExecute;
		}

		public void setPasidPrivileged(boolean pasidPrivileged) {
			this.pasidPrivileged = pasidPrivileged;
		}

		public void setPri(boolean pri) {
			this.pri = pri;
		}

		public void setPriCapacity(long priCapacity) {
			this.priCapacity = priCapacity;
		}

		public void setAts(boolean ats) {
			this.ats = ats;
		}

		public void setAtsDepth(int atsDepth) {
			this.atsDepth = atsDepth;
		}

		public void setFingerprint(String fingerprint) {
			this.fingerprint = (fingerprint != null) ? fingerprint.strip() : "";
		}

		public String getModel() {
			return this.model;
		}

		public String getDump() {
			return this.dump;
		}

		public List<String> getHide() {
			return this.hide;
		}

		public boolean isPasid() {
			return this.pasid;
		}

		public int getPasidWidth() {
			return this.pasidWidth;
		}

		public boolean isPasidExecute() {
			return this.pasidExecute;
		}

		public boolean isPasidPrivileged() {
			return this.pasidPrivileged;
		}

		public boolean isPri() {
			return this.pri;
		}

		public long getPriCapacity() {
			return this.priCapacity;
		}

		public boolean isAts() {
			return this.ats;
		}

		public int getAtsDepth() {
			return this.atsDepth;
		}

		public String getFingerprint() {
			return this.fingerprint;
		}

		List<SynthesisRequest> synthesize() {
			List<SynthesisRequest> requests = new ArrayList<>();
			if (this.pasid) {
				requests.add(SynthesisRequest.pasid(this.pasidWidth, this.pasidExecute, this.pasidPrivileged));
			}
			if (this.pri) {
				requests.add(SynthesisRequest.pri(this.priCapacity));
			}
			if (this.ats) {
				requests.add(SynthesisRequest.ats(this.atsDepth, false));
			}
			return requests;
		}

		List<CapabilityRef> hidden() {
			List<CapabilityRef> refs = new ArrayList<>();
			for (String value : this.hide) {
				String[] parts = value.split(":0x", 2);
				if (parts.length != 2) {
					throw new IllegalArgumentException("hide: '" + value + "' is not space:0xID");
				}
				refs.add(new CapabilityRef(Space.fromJson(parts[0]), Integer.parseInt(parts[1], 16)));
			}
			return refs;
		}

	}

	@GetMapping("/ui/pin")
	String form(@RequestParam(required = false) String model, Model page) {
		PinForm form = new PinForm();
		form.setModel(model);
		// what most passthrough set-ups synthesize: a PASID the guest's SVA driver needs
		form.pasid = true;
		return render(page, form, List.of(), null, null);
	}

	@PostMapping("/ui/pin/plan")
	String plan(@ModelAttribute("form") PinForm form,
			@RequestParam(name = "files", required = false) List<MultipartFile> files, Model page,
			HttpServletResponse response) throws IOException {
		List<Layout> variants = variants(form, files);
		return render(page, form, variants, plan(form, variants, page), response);
	}

	@PostMapping("/ui/pin")
	String pin(@ModelAttribute("form") PinForm form,
			@RequestParam(name = "files", required = false) List<MultipartFile> files, Authentication caller,
			Model page, HttpServletResponse response) throws IOException {
		List<Layout> variants = variants(form, files);
		Plan plan = plan(form, variants, page);
		if (plan == null) {
			return render(page, form, variants, null, response);
		}
		if (!plan.layout().fingerprint().equals(form.fingerprint)) {
			throw new Conflict("plan-changed", "The plan changed", "the inputs now give " + plan.layout().fingerprint()
					+ ", not the reviewed " + form.fingerprint + "; review the plan again");
		}
		ModelKey key = ModelKey.parse(form.model);
		PinService.Pinned pinned = this.pins.pin(key, plan.layout(), caller.getName());
		return "redirect:/ui/models/" + key + "/pins/" + pinned.stored().pin().version()
				+ (pinned.created() ? "?pinned" : "?existing");
	}

	private Plan plan(PinForm form, List<Layout> variants, Model page) {
		if (form.model.isEmpty()) {
			page.addAttribute("error", "Name the device model to pin to.");
			return null;
		}
		this.models.get(ModelKey.parse(form.model));
		if (variants.isEmpty()) {
			page.addAttribute("error", "Paste or upload at least one lspci -xxxx dump.");
			return null;
		}
		List<SynthesisRequest> synthesize = form.synthesize();
		if (synthesize.isEmpty()) {
			page.addAttribute("error", "Choose at least one capability to synthesize.");
			return null;
		}
		try {
			return this.planning.plan(variants, form.hidden(), synthesize, false);
		}
		catch (NoRoomException ex) {
			page.addAttribute("error", "No room: " + ex.getMessage());
			return null;
		}
		catch (IllegalArgumentException ex) {
			page.addAttribute("error", ex.getMessage());
			return null;
		}
	}

	private String render(Model page, PinForm form, List<Layout> variants, Plan plan, HttpServletResponse response) {
		page.addAttribute("form", form);
		page.addAttribute("choices", choices(variants));
		page.addAttribute("variants", variants.size());
		page.addAttribute("plan", plan);
		if (plan != null) {
			page.addAttribute("map", this.maps.of(plan.layout()));
		}
		if (page.containsAttribute("error") && response != null) {
			// the same page again, with what went wrong; nothing was pinned
			response.setStatus(422);
		}
		return "ui/pin-from-dump";
	}

	/** The usual candidates, then every other capability the variants have. */
	static List<Choice> choices(List<Layout> variants) {
		Map<String, Choice> choices = new LinkedHashMap<>();
		USUAL.forEach((choice) -> choices.put(choice.value(), choice));
		for (Layout variant : variants) {
			for (LayoutBlock block : variant.blocks()) {
				if (block.origin() == Origin.PHYSICAL) {
					String value = block.space().json() + ":0x" + Integer.toHexString(block.id());
					choices.putIfAbsent(value, new Choice(value, block.name()));
				}
			}
		}
		return List.copyOf(choices.values());
	}

	/**
	 * Uploaded files join the pasted text, so that the pin step gets every variant from
	 * the form again without a second upload.
	 */
	private static List<Layout> variants(PinForm form, List<MultipartFile> files) throws IOException {
		form.setDump(text(form.dump, (files != null) ? files : List.of()).strip());
		if (form.dump.isBlank()) {
			return List.of();
		}
		List<DeviceDump> dumps = Dumps.read(form.dump);
		return dumps.stream().map((dump) -> ConfigSpaceParser.parse(dump.configSpace())).toList();
	}

	/** Pasted text and uploaded files as one text (lspci dumps are text). */
	static String text(String pasted, List<MultipartFile> files) throws IOException {
		StringBuilder text = new StringBuilder((pasted != null) ? pasted : "");
		for (MultipartFile file : files) {
			if (!file.isEmpty()) {
				text.append('\n').append(new String(file.getBytes(), StandardCharsets.ISO_8859_1));
			}
		}
		return text.toString();
	}

}
