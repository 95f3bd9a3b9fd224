package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.cfgspace.inventory.core.Placement.Assignment;
import io.cfgspace.inventory.core.Placement.Candidate;
import io.cfgspace.inventory.core.Placement.Fit;
import io.cfgspace.inventory.core.Placement.Reason;
import io.cfgspace.inventory.core.Placement.ReasonCode;
import io.cfgspace.inventory.core.Placement.Rejection;
import io.cfgspace.inventory.core.Placement.StaleHost;
import io.cfgspace.layout.Identity;
import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.IommuSupport;
import io.cfgspace.verification.core.SideView;
import io.cfgspace.verification.core.Verdict;
import io.cfgspace.verification.core.Verifier;

/**
 * Finds the hosts that can take a VM: a host fits when each VM device gets a distinct
 * host device that presents its pinned layout exactly, as the libvirt hook would check it
 * on that host at migration time (the destination against the pin alone: physical blocks
 * where pinned, room for every synthesized block outside quirk ranges, an IOMMU that
 * backs them).
 *
 * <p>
 * Many hosts carry the same device with the same firmware, so a verdict depends only on
 * the pin, the device's layout fingerprint and the host's IOMMU (a layout records every
 * read-only byte): each such triple is verified once per placer and the verdict reused
 * for every host that has it. One placer serves one request (a drain reuses it for every
 * VM).
 */
public final class Placer {

	private final List<Host> hosts;

	private final Instant staleBefore;

	private final Map<VerdictKey, Judgement> verdicts = new HashMap<>();

	private final Map<PinnedDevice, SideView> pinsAsSource = new HashMap<>();

	private int verifications;

	/** Per host and pin: the host's devices that present it, and those ruled out. */
	private final Map<ColumnKey, Column> columns = new HashMap<>();

	/** VMs of the same pins have the same choices: a drain often has many alike. */
	private final Map<List<String>, Choices> alike = new HashMap<>();

	private record ColumnKey(String host, String pinKey) {

	}

	/**
	 * @param unmodelled the host's devices of the pin's vendor and device ID that no
	 * model claims, each with why
	 */
	private record Column(int[] fit, List<Candidate> ruledOut, List<String> unmodelled) {

	}

	/**
	 * @param hosts the hosts to consider
	 * @param staleBefore hosts last seen before this instant are stale
	 */
	public Placer(List<Host> hosts, Instant staleBefore) {
		this.hosts = hosts.stream().sorted(Comparator.comparing(Host::name)).toList();
		this.staleBefore = staleBefore;
	}

	private record VerdictKey(String pin, String device, IommuSupport iommu) {

	}

	/** A verdict as placement needs it: fits or not, and the errors about the host. */
	private record Judgement(boolean fits, List<Finding> errors) {

	}

	/** A VM device with what every lookup needs computed once. */
	private record Wanted(PinnedDevice device, String pinKey) {

	}

	/** Where a VM with these devices can go. */
	public Placement place(List<PinnedDevice> vm) {
		return place(vm, Set.of());
	}

	/** Where a VM with these devices can go, other than the excluded hosts. */
	public Placement place(List<PinnedDevice> vm, Set<String> excluded) {
		return choices(vm, excluded).placement();
	}

	/**
	 * Where a VM can go, and for each host that fits, every device that could take each
	 * VM device: a drain places VMs together and may need another choice than the one the
	 * placement shows.
	 *
	 * @param placement the VM's placement as if it were alone
	 * @param fitting per fitting host (by name), per VM device, the indexes into the
	 * host's devices that present its pin
	 */
	public record Choices(Placement placement, Map<String, int[][]> fitting) {

	}

	/** The hosts considered, ordered by name. */
	public List<Host> hosts() {
		return this.hosts;
	}

	/** {@link #place(List, Set)} with every device that fits each VM device. */
	public Choices choices(List<PinnedDevice> vm, Set<String> excluded) {
		List<String> key = new ArrayList<>(vm.size() + excluded.size() + 1);
		vm.forEach((d) -> key.add(d.modelKey() + "/" + d.pinVersion()));
		key.add("excluding");
		excluded.stream().sorted().forEach(key::add);
		Choices known = this.alike.get(key);
		if (known == null) {
			known = choicesOf(vm, excluded);
			this.alike.put(key, known);
		}
		return known;
	}

	private Choices choicesOf(List<PinnedDevice> vm, Set<String> excluded) {
		Map<String, int[][]> fitting = new java.util.LinkedHashMap<>();
		List<Fit> fits = new ArrayList<>();
		List<Rejection> rejections = new ArrayList<>();
		List<StaleHost> stale = new ArrayList<>();
		List<Wanted> wanted = vm.stream().map((d) -> new Wanted(d, d.modelKey() + "/" + d.pinVersion())).toList();
		for (Host host : this.hosts) {
			if (excluded.contains(host.name())) {
				continue;
			}
			if (host.staleAt(this.staleBefore)) {
				stale.add(new StaleHost(host.name(), host.lastSeen()));
				continue;
			}
			int[][] options = judge(wanted, host, fits, rejections);
			if (options != null) {
				fitting.put(host.name(), options);
			}
		}
		return new Choices(new Placement(fits, rejections, stale), fitting);
	}

	/** How many times the verifier ran: at most once per pin, fingerprint and IOMMU. */
	public int verifications() {
		return this.verifications;
	}

	/**
	 * Adds the host to the fits or rejections; when it fits, answers the fitting lists.
	 */
	private int[][] judge(List<Wanted> vm, Host host, List<Fit> fits, List<Rejection> rejections) {
		List<HostDevice> devices = host.devices();
		List<int[]> fitting = new ArrayList<>(vm.size());
		List<Column> columns = new ArrayList<>(vm.size());
		for (Wanted wanted : vm) {
			Column column = this.columns.computeIfAbsent(new ColumnKey(host.name(), wanted.pinKey()),
					(key) -> column(wanted, host));
			fitting.add(column.fit());
			columns.add(column);
		}
		int[] match = DeviceMatching.maximum(fitting, devices.size());
		List<Reason> reasons = new ArrayList<>();
		List<Assignment> assignments = new ArrayList<>(vm.size());
		for (int i = 0; i < vm.size(); i++) {
			if (match[i] >= 0) {
				assignments.add(new Assignment(i, devices.get(match[i]).address()));
			}
			else {
				reasons.add(reason(i, vm.get(i).device(), columns.get(i), devices));
			}
		}
		if (reasons.isEmpty()) {
			fits.add(new Fit(host.name(), host.lastSeen(), assignments));
			return fitting.toArray(new int[0][]);
		}
		rejections.add(new Rejection(host.name(), host.lastSeen(), reasons));
		return null;
	}

	private Column column(Wanted wanted, Host host) {
		List<HostDevice> devices = host.devices();
		Identity pinned = wanted.device().pin().identity();
		int[] fit = new int[devices.size()];
		int count = 0;
		List<Candidate> others = new ArrayList<>(0);
		List<String> unmodelled = new ArrayList<>(0);
		for (int j = 0; j < devices.size(); j++) {
			HostDevice device = devices.get(j);
			Identity identity = device.physical().identity();
			if (identity.vendorId() != pinned.vendorId() || identity.deviceId() != pinned.deviceId()) {
				continue;
			}
			// its layout may well present the pin (a variant the host named that no model
			// has), but no model vouches for it being this kind of device
			if (device.unmodelled()) {
				unmodelled.add(device.address() + " (" + device.unmodelledReason() + ")");
				continue;
			}
			Judgement judgement = judge(wanted, host, device);
			if (judgement.fits()) {
				fit[count++] = j;
			}
			else {
				others.add(new Candidate(device.address(), judgement.errors()));
			}
		}
		return new Column(java.util.Arrays.copyOf(fit, count), List.copyOf(others), List.copyOf(unmodelled));
	}

	private Judgement judge(Wanted wanted, Host host, HostDevice device) {
		boolean shared = device.physical().findings().isEmpty();
		String deviceKey = shared ? device.fingerprint() : host.name() + "/" + device.address();
		VerdictKey key = new VerdictKey(wanted.pinKey(), deviceKey, host.iommu());
		Judgement judgement = this.verdicts.get(key);
		if (judgement == null) {
			Verdict verdict = verify(wanted.device(), host, device);
			judgement = new Judgement(verdict.consistent(), verdict.consistent() ? List.of() : errors(verdict));
			this.verdicts.put(key, judgement);
		}
		return judgement;
	}

	/**
	 * The destination against the pin alone, as the hook checks it at migration time: the
	 * guest was started with the pinned layout, so the pin stands in for the source.
	 */
	private Verdict verify(PinnedDevice wanted, Host host, HostDevice device) {
		SideView source = this.pinsAsSource.computeIfAbsent(wanted, (pin) -> new SideView.Virtual(pin.pin(), null));
		SideView destination = new SideView.Physical(device.physical(), null, null, host.iommu());
		this.verifications++;
		return Verifier.verify(wanted.compared(), wanted.deprecated(), source, destination, wanted.quirks());
	}

	/**
	 * The errors about the host's device. The pin stands in for the source, so a source
	 * finding (a quirk on the pinned device) repeats one about the destination; it is
	 * kept only when nothing else explains the verdict.
	 */
	private static List<Finding> errors(Verdict verdict) {
		List<Finding> errors = verdict.findings()
			.stream()
			.filter((f) -> f.severity() == Finding.Severity.ERROR)
			.toList();
		List<Finding> aboutHost = errors.stream().filter((f) -> f.side() != Finding.Side.SOURCE).toList();
		return aboutHost.isEmpty() ? errors : aboutHost;
	}

	private static Reason reason(int index, PinnedDevice wanted, Column column, List<HostDevice> devices) {
		int[] fitting = column.fit();
		List<Candidate> ruledOut = column.ruledOut();
		Identity pinned = wanted.pin().identity();
		String pin = wanted.modelKey() + " v" + wanted.pinVersion();
		if (fitting.length > 0) {
			List<Candidate> taken = new ArrayList<>();
			for (int j : fitting) {
				taken.add(new Candidate(devices.get(j).address(), List.of()));
			}
			taken.addAll(ruledOut);
			String addresses = java.util.Arrays.stream(fitting)
				.mapToObj((j) -> devices.get(j).address())
				.collect(Collectors.joining(", "));
			return new Reason(index, ReasonCode.TOO_FEW_DEVICES, "the host's devices that present " + pin + " ("
					+ addresses + ") are all needed by other devices of this VM", taken);
		}
		if (ruledOut.isEmpty() && !column.unmodelled().isEmpty()) {
			return new Reason(index, ReasonCode.NO_SUCH_DEVICE, "the host has no modelled device " + id(pinned)
					+ " for " + pin + "; unmodelled: " + String.join(", ", column.unmodelled()), List.of());
		}
		if (ruledOut.isEmpty()) {
			return new Reason(index, ReasonCode.NO_SUCH_DEVICE, "the host has no device " + id(pinned) + " for " + pin,
					List.of());
		}
		Candidate first = ruledOut.get(0);
		String why = first.findings().isEmpty() ? ""
				: ": " + first.address() + ": " + first.findings().get(0).message();
		return new Reason(index, ReasonCode.NO_DEVICE_PRESENTS_PIN,
				"none of the host's " + ruledOut.size() + " device(s) " + id(pinned) + " presents " + pin + why,
				ruledOut);
	}

	/** {@code vvvv:dddd}; String.format is too slow for a thousand rejected hosts. */
	private static String id(Identity identity) {
		return hex4(identity.vendorId()) + ":" + hex4(identity.deviceId());
	}

	private static String hex4(int value) {
		String hex = Integer.toHexString(value);
		return "0000".substring(hex.length()) + hex;
	}

}
