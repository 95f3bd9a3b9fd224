package io.cfgspace.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import io.cfgspace.layout.Json;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.LayoutFormatException;
import io.cfgspace.verification.core.IommuSupport;
import io.cfgspace.verification.core.Quirk;
import io.cfgspace.verification.core.SideView;
import io.cfgspace.verification.core.Verdict;
import io.cfgspace.verification.core.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cfgspace verify}: will the guest see the pinned config space on both sides of a
 * migration? Offline it runs the verifier here on a pin file; online it asks the service,
 * which records the verdict.
 *
 * <p>
 * With {@code --destination-only} the pin itself stands in for the source, as the layout
 * the guest sees there (a virtual view). That is what a destination host can check alone,
 * before the incoming QEMU starts: the running guest was given the pinned layout, so a
 * destination that matches the pin matches the source. It says nothing about the source
 * host; its findings are the destination's and the pin's.
 *
 * <p>
 * With {@code --pin-cache} the pins fetched from the service are kept on this host, and a
 * service that cannot be reached (down, too slow, 5xx) no longer means "cannot decide":
 * the verifier runs here against the cached pin, and the verdict says, on stderr and as
 * {@code "recorded": false}, that no record of it exists. Without a cached pin it still
 * cannot decide.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, description = {
		"Verifies that a device's config space on the source and destination of a migration matches its pin: "
				+ "offline with --pin FILE, or online with --server URL (the service records the verdict; the token needs the verifier "
				+ "role, or is the reporter token of the source or destination host).",
		"A sysfs config file takes its BAR sizes from the resource file beside it (as in "
				+ "/sys/bus/pci/devices/ADDR/); lspci text from its -v lines.",
		"Exit codes: 0 consistent, 1 inconsistent (findings printed one per line), 2 unusable input, "
				+ "3 could not decide (server unreachable, too slow or failing; or inconsistent only because "
				+ "a side lacks what the pin records, CANNOT_COMPARE, said on stderr's first line)." })
final class VerifyCommand implements Callable<Integer> {

	private static final String PHYSICAL = "physical";

	private static final String VIRTUAL = "virtual";

	private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

	@Spec
	private CommandSpec spec;

	@Option(names = "--pin", paramLabel = "FILE",
			description = "offline: the pinned layout document (or a pin as GET .../pins/{version} returns it)")
	private String pin;

	@Option(names = "--quirks", paramLabel = "FILE",
			description = "offline: quirks as a JSON list of {vendorId, deviceId, revisionId?, allGaps, ranges, reason}")
	private String quirks;

	@Mixin
	private ServiceOptions.Online service;

	@Option(names = "--model", paramLabel = "KEY", description = "online: the device model key, e.g. 8086:0b25")
	private String model;

	@Option(names = "--pin-version", paramLabel = "N", description = "online: the pinned version to verify against")
	private Integer pinVersion;

	@Option(names = "--idempotency-key", paramLabel = "KEY",
			description = "online: 1-200 of A-Z a-z 0-9 . _ : - naming this migration attempt; sent as the "
					+ "Idempotency-Key header, so that the one retry after a timeout or a dropped connection "
					+ "gets the verdict already recorded instead of a second one")
	private String idempotencyKey;

	@Option(names = "--pin-cache", paramLabel = "DIR",
			description = "online: keep the pins fetched from the service here and, when the service cannot be "
					+ "reached, verify here against the cached pin (the verdict is then not recorded)")
	private String pinCache;

	@Option(names = "--source", paramLabel = "FILE",
			description = "the source side: one device's dump (lspci text, sysfs config with the resource file beside "
					+ "it, hex, base64) or a layout document")
	private String source;

	@Option(names = "--destination", paramLabel = "FILE", description = "the destination side, as --source")
	private String destination;

	@Option(names = "--destination-only",
			description = "check the destination against the pin alone; the pin stands in for the source")
	private boolean destinationOnly;

	@Option(names = "--source-view", paramLabel = "VIEW", defaultValue = PHYSICAL,
			description = "physical (the host's device; the pin says what the VMM hides and synthesizes) or virtual (what the guest sees); default ${DEFAULT-VALUE}")
	private String sourceView;

	@Option(names = "--destination-view", paramLabel = "VIEW", defaultValue = PHYSICAL,
			description = "as --source-view")
	private String destinationView;

	@Option(names = "--source-iommu-vtd", paramLabel = "CAP:ECAP",
			description = "the source IOMMU: Intel VT-d capability registers in hex")
	private String sourceVtd;

	@Option(names = "--source-iommu-iommufd", paramLabel = "LOG2:CAPS[:pri][:ats]",
			description = "the source IOMMU: iommufd GET_HW_INFO out_max_pasid_log2 and out_capabilities")
	private String sourceIommufd;

	@Option(names = "--destination-iommu-vtd", paramLabel = "CAP:ECAP", description = "as --source-iommu-vtd")
	private String destinationVtd;

	@Option(names = "--destination-iommu-iommufd", paramLabel = "LOG2:CAPS[:pri][:ats]",
			description = "as --source-iommu-iommufd")
	private String destinationIommufd;

	@Option(names = "--vm-id", paramLabel = "ID", description = "online: the VM, for the service's record")
	private String vmId;

	@Option(names = "--device-address", paramLabel = "DDDD:BB:DD.F",
			description = "online: the device's host address, for the record")
	private String deviceAddress;

	@Option(names = "--source-host", paramLabel = "HOST", description = "online: for the record")
	private String sourceHost;

	@Option(names = "--destination-host", paramLabel = "HOST", description = "online: for the record")
	private String destinationHost;

	@Option(names = "--json", description = "print the verdict document (JSON) instead of lines")
	private boolean json;

	/** Said after the reason an offline verdict decides nothing, which comes first. */
	private String offlineWarning;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			checkArguments();
			Map<String, Object> verdict = (this.service.server() != null) ? online() : offline();
			int exit = VerdictDocument.exitCode(verdict);
			// the hook shows stderr's first line when nothing was decided
			if (exit == Cli.UNDECIDED) {
				err.println("cfgspace: " + VerdictDocument.undecided(verdict));
			}
			if (this.offlineWarning != null) {
				err.println(this.offlineWarning);
			}
			err.flush();
			if (this.json) {
				out.println(Json.canonical(verdict));
			}
			else {
				VerdictDocument.print(verdict, out);
			}
			out.flush();
			return exit;
		}
		catch (CommandFailure ex) {
			return ex.report(err);
		}
	}

	private void checkArguments() throws CommandFailure {
		if (this.destination == null) {
			throw CommandFailure.unusable("give --destination FILE");
		}
		if (this.destinationOnly == (this.source != null)) {
			throw CommandFailure.unusable("give --source FILE, or --destination-only to check the destination alone");
		}
		if (this.destinationOnly
				&& (!PHYSICAL.equals(this.sourceView) || this.sourceVtd != null || this.sourceIommufd != null)) {
			throw CommandFailure.unusable("--destination-only takes no --source-... options");
		}
		view("--source-view", this.sourceView);
		view("--destination-view", this.destinationView);
		if (this.service.server() != null) {
			if (this.pin != null || this.quirks != null) {
				throw CommandFailure.unusable("--pin and --quirks are for offline use; online the service has both");
			}
			if (this.model == null || this.pinVersion == null) {
				throw CommandFailure.unusable("online verification needs --model KEY and --pin-version N");
			}
			if (this.pinVersion < 1) {
				throw CommandFailure.unusable("--pin-version must be at least 1");
			}
			// a deadline no request can meet is refused before any file is read
			this.service.timeout();
			if (this.idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(this.idempotencyKey).matches()) {
				throw CommandFailure.unusable("--idempotency-key: expected 1 to 200 of A-Z a-z 0-9 . _ : -, got '"
						+ this.idempotencyKey + "'");
			}
		}
		else if (this.idempotencyKey != null || this.pinCache != null) {
			throw CommandFailure.unusable("--idempotency-key and --pin-cache are for online use (--server URL)");
		}
		else if (this.pin == null) {
			throw CommandFailure.unusable("give --pin FILE (offline) or --server URL (online)");
		}
		else if (this.model != null || this.pinVersion != null) {
			throw CommandFailure.unusable("--model and --pin-version are for online use; offline --pin names the pin");
		}
	}

	private static void view(String option, String value) throws CommandFailure {
		if (!PHYSICAL.equals(value) && !VIRTUAL.equals(value)) {
			throw CommandFailure.unusable(option + ": expected physical or virtual, got '" + value + "'");
		}
	}

	private Map<String, Object> offline() throws CommandFailure {
		InputFile.Pin pinned = InputFile.pin(this.pin);
		List<Quirk> quirkList = (this.quirks != null) ? QuirksFile.read(this.quirks) : List.of();
		IommuOption destinationIommu = IommuOption.of("destination", this.destinationVtd, this.destinationIommufd);
		SideView destinationSide = view(this.destinationView, InputFile.side(this.destination), destinationIommu);
		SideView sourceSide = this.destinationOnly ? new SideView.Virtual(pinned.layout(), null) : view(this.sourceView,
				InputFile.side(this.source), IommuOption.of("source", this.sourceVtd, this.sourceIommufd));
		Verdict verdict = Verifier.verify(pinned.layout(), pinned.deprecated(), sourceSide, destinationSide, quirkList);
		return VerdictDocument.of(verdict);
	}

	private static SideView view(String view, InputFile.Side side, IommuOption iommu) {
		IommuSupport support = (iommu != null) ? iommu.toSupport() : null;
		return VIRTUAL.equals(view) ? new SideView.Virtual(side.layout(), support, side.bytes())
				: new SideView.Physical(side.layout(), null, null, support, side.bytes());
	}

	private Map<String, Object> online() throws CommandFailure {
		// read and check everything local before the first request
		IommuOption destinationIommu = IommuOption.of("destination", this.destinationVtd, this.destinationIommufd);
		InputFile.Side destinationFile = InputFile.side(this.destination);
		IommuOption sourceIommu = null;
		InputFile.Side sourceFile = null;
		if (!this.destinationOnly) {
			sourceIommu = IommuOption.of("source", this.sourceVtd, this.sourceIommufd);
			sourceFile = InputFile.side(this.source);
		}
		PrintWriter err = this.spec.commandLine().getErr();
		PinCache cache = (this.pinCache != null) ? new PinCache(Path.of(this.pinCache), err) : null;
		VerificationClient client = this.service.client().notesTo(err);
		Map<String, Object> sourceSide;
		PinCache.CachedPin cached = null;
		try {
			if (this.destinationOnly) {
				// a pin never changes, so a cached one saves the request
				cached = (cache != null) ? cache.read(this.model, this.pinVersion) : null;
				sourceSide = pinAsSource((cached != null) ? cached.document() : fetchPin(client, cache));
			}
			else {
				sourceSide = side(this.sourceView, sourceFile, sourceIommu);
			}
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("modelKey", this.model);
			request.put("pinVersion", (long) this.pinVersion);
			putIfGiven(request, "vmId", this.vmId);
			putIfGiven(request, "deviceAddress", this.deviceAddress);
			putIfGiven(request, "sourceHost", this.sourceHost);
			putIfGiven(request, "destinationHost", this.destinationHost);
			request.put("source", sourceSide);
			request.put("destination", side(this.destinationView, destinationFile, destinationIommu));
			return client.verify(request, this.idempotencyKey);
		}
		catch (ServiceUnreachable ex) {
			if (cache == null) {
				throw ex.failure();
			}
			if (cached == null) {
				cached = cache.read(this.model, this.pinVersion);
			}
			if (cached == null) {
				throw CommandFailure.undecided(ex.getMessage() + ", and " + cache.directory() + " holds no cached pin "
						+ this.model + " v" + this.pinVersion + " to verify against here");
			}
			return offlineFallback(ex, cached, sourceFile, sourceIommu, destinationFile, destinationIommu);
		}
	}

	private Map<String, Object> fetchPin(VerificationClient client, PinCache cache)
			throws CommandFailure, ServiceUnreachable {
		Map<String, Object> served = client.pin(this.model, this.pinVersion);
		if (cache != null) {
			cache.write(this.model, this.pinVersion, served);
		}
		return served;
	}

	/**
	 * The service could not be asked, so the verifier runs here on the cached pin,
	 * without the service's quirks and without a record. Said loudly: whoever reads the
	 * log must know this verdict is nowhere in the audit trail.
	 */
	private Map<String, Object> offlineFallback(ServiceUnreachable why, PinCache.CachedPin cached,
			InputFile.Side sourceFile, IommuOption sourceIommu, InputFile.Side destinationFile,
			IommuOption destinationIommu) {
		SideView destinationSide = view(this.destinationView, destinationFile, destinationIommu);
		SideView sourceSide = this.destinationOnly ? new SideView.Virtual(cached.layout(), null)
				: view(this.sourceView, sourceFile, sourceIommu);
		Verdict verdict = Verifier.verify(cached.layout(), cached.deprecated(), sourceSide, destinationSide, List.of());
		Map<String, Object> document = VerdictDocument.of(verdict);
		document.put("modelKey", this.model);
		document.put("pinVersion", (long) this.pinVersion);
		document.put("recorded", false);
		this.offlineWarning = "cfgspace: WARNING: OFFLINE VERDICT " + verdict.outcome().name()
				+ ", NOT RECORDED by the service: " + why.getMessage() + "; verified here against the cached pin "
				+ this.model + " v" + this.pinVersion + " (" + cached.layout().fingerprint() + ", " + cached.file()
				+ ") without the service's quirks";
		return document;
	}

	private static Map<String, Object> side(String view, InputFile.Side side, IommuOption iommu) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("view", view);
		json.putAll(side.request());
		if (iommu != null) {
			json.put("iommu", iommu.toJson());
		}
		return json;
	}

	/**
	 * The pin's own layout, as the guest sees it: the source of a destination-only check.
	 */
	private Map<String, Object> pinAsSource(Map<String, Object> stored) throws CommandFailure {
		Object layout = stored.get("layout");
		try {
			LayoutDocument.fromJson(layout);
		}
		catch (LayoutFormatException ex) {
			throw CommandFailure.undecided(
					"the service's pin " + this.model + " v" + this.pinVersion + " cannot be read: " + ex.getMessage());
		}
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("view", VIRTUAL);
		json.put("layout", layout);
		return json;
	}

	private static void putIfGiven(Map<String, Object> map, String key, String value) {
		if (value != null && !value.isBlank()) {
			map.put(key, value);
		}
	}

}
