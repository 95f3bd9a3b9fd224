package io.cfgspace.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutCompositionException;
import io.cfgspace.layout.LayoutValidator;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;
import io.cfgspace.planning.PlanningService;
import io.cfgspace.planning.core.CapabilityRef;
import io.cfgspace.planning.core.NoRoomException;
import io.cfgspace.planning.core.Plan;
import io.cfgspace.planning.core.SynthesisRequest;
import io.cfgspace.security.Person;
import io.cfgspace.registry.DeviceModelService;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.system.BadRequest;
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
 * Pin from a dump: the operator pastes or uploads the dumps of every variant (and, for
 * one, the sysfs resource file with its BAR sizes), picks what to hide and what to
 * synthesize, declares the bits that are state on this device and what the VMM does with
 * per-unit registers, reviews the map, reasons and declarations, then pins. The pin step
 * plans and declares again from the same inputs (both are deterministic) and refuses when
 * the result is not the layout that was reviewed.
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

		public String resource = "";

		public List<PinDeclarations.StateRow> state = new ArrayList<>();

		public List<String> perUnit = new ArrayList<>();

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

		public void setResource(String resource) {
			// a browser sends a text area's lines with CR LF; sysfs writes LF
			this.resource = (resource != null) ? resource.replace("\r\n", "\n").strip() : "";
		}

		public void setState(List<PinDeclarations.StateRow> state) {
			this.state = (state != null) ? state : new ArrayList<>();
		}

		public void setPerUnit(List<String> perUnit) {
			this.perUnit = (perUnit != null) ? perUnit : new ArrayList<>();
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

		public String getResource() {
			return this.resource;
		}

		public List<PinDeclarations.StateRow> getState() {
			return this.state;
		}

		public List<String> getPerUnit() {
			return this.perUnit;
		}

		/** The rows that say something, for the pin step to send again. */
		public List<PinDeclarations.StateRow> filledState() {
			return this.state.stream().filter((row) -> !row.blank()).toList();
		}

		/**
		 * The rows to show: those that say something, then two empty ones, so that an
		 * operator declares more without a script on the page.
		 */
		public List<PinDeclarations.StateRow> stateRows() {
			List<PinDeclarations.StateRow> rows = new ArrayList<>(filledState());
			rows.add(new PinDeclarations.StateRow());
			rows.add(new PinDeclarations.StateRow());
			return rows;
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

	/**
	 * What the form's inputs give: the variants read, the plan, the layout to pin (the
	 * plan's with the declarations, its bytes recorded as {@code PinRequest} records
	 * them), and every problem that keeps it from being pinned.
	 *
	 * @param layout the layout to pin, or {@code null} while there is a problem
	 */
	record Review(List<Layout> variants, Plan plan, Layout layout, List<String> problems,
			List<PinDeclarations.PerUnitChoice> perUnit) {

		static Review empty() {
			return new Review(List.of(), null, null, List.of(), List.of());
		}

	}

	@GetMapping("/ui/pin")
	String form(@RequestParam(required = false) String model, Model page) {
		PinForm form = new PinForm();
		form.setModel(model);
		// what most passthrough set-ups synthesize: a PASID the guest's SVA driver needs
		form.pasid = true;
		return render(page, form, Review.empty(), null);
	}

	@PostMapping("/ui/pin/plan")
	String plan(@ModelAttribute("form") PinForm form,
			@RequestParam(name = "files", required = false) List<MultipartFile> files, Model page,
			HttpServletResponse response) throws IOException {
		return render(page, form, review(form, files), response);
	}

	@PostMapping("/ui/pin")
	String pin(@ModelAttribute("form") PinForm form,
			@RequestParam(name = "files", required = false) List<MultipartFile> files, Authentication caller,
			Model page, HttpServletResponse response) throws IOException {
		Review review = review(form, files);
		if (review.layout() == null) {
			return render(page, form, review, response);
		}
		if (!review.layout().fingerprint().equals(form.fingerprint)) {
			throw new Conflict("plan-changed", "The plan changed",
					"the inputs now give " + review.layout().fingerprint() + ", not the reviewed " + form.fingerprint
							+ "; review the plan again");
		}
		ModelKey key = ModelKey.parse(form.model);
		PinService.Pinned pinned;
		try {
			pinned = this.pins.pin(key, review.layout(), caller.getName(), Person.of(caller));
		}
		catch (BadRequest ex) {
			// the service's own checks: the same form again, with its reasons
			List<String> problems = new ArrayList<>(List.of(ex.getMessage()));
			return render(page, form, new Review(review.variants(), review.plan(), null, problems, review.perUnit()),
					response);
		}
		return "redirect:/ui/models/" + key + "/pins/" + pinned.stored().pin().version()
				+ (pinned.created() ? "?pinned" : "?existing");
	}

	/**
	 * Reads, plans and declares as {@code PinRequest} does for one dump: parse (with the
	 * BAR sizes), compose (the planner does), declare, record.
	 */
	private Review review(PinForm form, List<MultipartFile> files) throws IOException {
		List<String> problems = new ArrayList<>();
		List<Layout> variants = variants(form, files, problems);
		List<PinDeclarations.PerUnitChoice> perUnit = PinDeclarations.choices(variants, form.perUnit);
		Plan plan = problems.isEmpty() ? plan(form, variants, problems) : null;
		List<StateDeclaration> state = PinDeclarations.state(form.state, problems);
		Map<BlockRef, PerUnit> treatments = PinDeclarations.treatments(form.perUnit, problems);
		Layout layout = null;
		if (plan != null && problems.isEmpty()) {
			layout = declare(plan.layout(), state, treatments, ModelKey.parse(form.model), problems);
		}
		return new Review(variants, plan, problems.isEmpty() ? layout : null, problems, perUnit);
	}

	private Plan plan(PinForm form, List<Layout> variants, List<String> problems) {
		if (form.model.isEmpty()) {
			problems.add("Name the device model to pin to.");
			return null;
		}
		this.models.get(ModelKey.parse(form.model));
		if (variants.isEmpty()) {
			problems.add("Paste or upload at least one lspci -xxxx dump.");
			return null;
		}
		try {
			// nothing to synthesize is a plan too: the physical layout less what is
			// hidden
			return this.planning.plan(variants, form.hidden(), form.synthesize(), false);
		}
		catch (NoRoomException ex) {
			problems.add("No room: " + ex.getMessage());
			return null;
		}
		catch (IllegalArgumentException ex) {
			problems.add(ex.getMessage());
			return null;
		}
	}

	/**
	 * The planned layout with the state and treatments declared and its bytes recorded,
	 * or {@code null} with the problems: the catalog's reasons a declaration cannot be,
	 * and whether the model covers the device (which the pin service would refuse).
	 */
	static Layout declare(Layout planned, List<StateDeclaration> state, Map<BlockRef, PerUnit> treatments, ModelKey key,
			List<String> problems) {
		for (LayoutBlock block : planned.blocks()) {
			if (treatments.get(BlockRef.of(block)) == PerUnit.HIDDEN && block.origin() != Origin.HIDDEN) {
				problems.add("The " + block.name() + " at " + BlockRef.of(block) + ": the per-unit treatment 'hidden'"
						+ " means the VMM hides the capability; tick it under Hide as well, or choose synthesized or"
						+ " exempt.");
			}
		}
		if (!problems.isEmpty()) {
			return null;
		}
		Layout recorded;
		try {
			recorded = ConfigSpaceMap.recorded(LayoutComposer.declare(planned, state, treatments));
		}
		catch (LayoutCompositionException ex) {
			problems.addAll(ex.problems());
			return null;
		}
		ConfigSpaceMap.of(recorded).problems().forEach((problem) -> problems.add(problem.message()));
		LayoutValidator.problems(recorded).forEach((problem) -> problems.add(problem.message()));
		if (!key.matches(recorded.identity())) {
			problems.add("The dump is of device "
					+ String.format("%04x:%04x", recorded.identity().vendorId(), recorded.identity().deviceId())
					+ ", which model " + key + " does not cover.");
		}
		return problems.isEmpty() ? recorded : null;
	}

	private String render(Model page, PinForm form, Review review, HttpServletResponse response) {
		page.addAttribute("form", form);
		page.addAttribute("choices", choices(review.variants()));
		page.addAttribute("perUnitChoices", review.perUnit());
		page.addAttribute("treatments", PinDeclarations.TREATMENTS);
		page.addAttribute("variants", review.variants().size());
		page.addAttribute("plan", review.plan());
		page.addAttribute("layout", review.layout());
		page.addAttribute("problems", review.problems());
		if (review.layout() != null) {
			page.addAttribute("map", this.maps.of(review.layout()));
		}
		if (!review.problems().isEmpty() && response != null) {
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
	 * the form again without a second upload. A sysfs resource file gives the BAR sizes
	 * of one device, so it goes with a single dump.
	 */
	private static List<Layout> variants(PinForm form, List<MultipartFile> files, List<String> problems)
			throws IOException {
		form.setDump(text(form.dump, (files != null) ? files : List.of()).strip());
		if (form.dump.isBlank()) {
			return List.of();
		}
		List<DeviceDump> dumps;
		try {
			dumps = Dumps.read(form.dump);
		}
		catch (DumpFormatException ex) {
			problems.add("The dump: " + ex.getMessage());
			return List.of();
		}
		if (!form.resource.isEmpty()) {
			if (dumps.size() != 1) {
				problems.add("A sysfs resource file gives the BAR sizes of one device, and the dumps hold "
						+ dumps.size() + ": paste one device's dump with it, or leave it empty.");
			}
			else if (!dumps.get(0).sizes().isUnknown()) {
				problems.add("The dump's lspci -v lines give the BAR sizes already: leave the resource file empty.");
			}
			else {
				try {
					DeviceDump dump = dumps.get(0);
					dumps = List.of(new DeviceDump(dump.address(), dump.configSpace(),
							ResourceSizes.fromSysfs(form.resource + "\n")));
				}
				catch (DumpFormatException ex) {
					problems.add("The sysfs resource file: " + ex.getMessage());
				}
			}
		}
		return dumps.stream().map(ConfigSpaceParser::parse).toList();
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
