package io.cfgspace.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cfgspace.inventory.core.DrainPlan;
import io.cfgspace.inventory.core.DrainSearch;
import io.cfgspace.inventory.core.Host;
import io.cfgspace.inventory.core.PinnedDevice;
import io.cfgspace.inventory.core.Placement;
import io.cfgspace.inventory.core.Placer;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinLookup.PinnedLayout;
import io.cfgspace.registry.PinLookup;
import io.cfgspace.verification.ComparedPins;
import io.cfgspace.verification.PinReads;
import io.cfgspace.system.ApiProblem;
import io.cfgspace.verification.QuirkService;
import io.cfgspace.verification.VmmProfileService;
import io.cfgspace.verification.core.VmmBuild;
import io.cfgspace.verification.core.VmmProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Service;

/**
 * Answers "which hosts can take this VM?" and "can every VM on this host go somewhere?"
 * from the inventory and the pins: loads each pin, its quirks and the hosts once, and
 * lets a {@link Placer} decide.
 */
@Service
public class PlacementService {

	private final InventoryService inventory;

	private final PinLookup pins;

	private final QuirkService quirks;

	private final MeterRegistry meters;

	private final ComparedPins compared;

	private final VmmProfileService profiles;

	PlacementService(InventoryService inventory, PinLookup pins, QuirkService quirks, MeterRegistry meters,
			ComparedPins compared, VmmProfileService profiles) {
		this.profiles = profiles;
		this.compared = compared;
		this.inventory = inventory;
		this.pins = pins;
		this.quirks = quirks;
		this.meters = meters;
	}

	/** A VM device as a request names it: its model, pinned version and a label. */
	public record DeviceRef(ModelKey model, int pinVersion, String label) {

	}

	/**
	 * Where a VM can go.
	 * @param candidates the hosts to consider, or {@code null} for every host
	 * @return the placement, and the candidate names the inventory does not know
	 */
	public Answer place(List<DeviceRef> vm, List<String> candidates) {
		Timer.Sample sample = Timer.start(this.meters);
		Loader loader = new Loader();
		List<PinnedDevice> devices = loader.devices(vm);
		List<Host> hosts = this.inventory.hosts(candidates);
		Placement placement = new HostFilter(loader)
			.apply(new Placer(hosts, this.inventory.staleBefore()).place(devices), devices);
		sample.stop(this.meters.timer("cfgspace.placement", "kind", "vm"));
		return new Answer(placement, unknown(candidates, hosts));
	}

	/** A placement and the candidate hosts the inventory does not know. */
	public record Answer(Placement placement, List<String> unknownHosts) {

	}

	/** A VM on a host to be drained. */
	public record Vm(String id, List<DeviceRef> devices) {

	}

	/**
	 * A drain check's answer: one joint assignment of the VMs, and the candidate hosts
	 * the inventory does not know.
	 */
	public record Drain(String host, DrainPlan plan, List<String> unknownHosts) {

	}

	/**
	 * Where the VMs on {@code host} can go together, with the host itself excluded: each
	 * VM's placement alone, and one assignment in which no destination device serves two
	 * VMs and as many VMs as possible have a destination.
	 */
	public Drain drain(String host, List<Vm> vms, List<String> candidates) {
		Timer.Sample sample = Timer.start(this.meters);
		this.inventory.get(host);
		Loader loader = new Loader();
		List<List<PinnedDevice>> devices = new ArrayList<>();
		for (Vm vm : vms) {
			devices.add(loader.devices(vm.devices()));
		}
		List<Host> hosts = this.inventory.hosts(candidates);
		Placer placer = new Placer(hosts, this.inventory.staleBefore());
		HostFilter filter = new HostFilter(loader);
		List<Placer.Choices> choices = new ArrayList<>();
		for (List<PinnedDevice> vm : devices) {
			Placer.Choices alone = placer.choices(vm, Set.of(host));
			choices.add(new Placer.Choices(filter.apply(alone.placement(), vm), alone.fitting()));
		}
		DrainPlan plan = DrainPlan.of(placer.hosts(), choices, DrainSearch.DEFAULT_BUDGET);
		sample.stop(this.meters.timer("cfgspace.placement", "kind", "drain"));
		return new Drain(host, plan, unknown(candidates, hosts));
	}

	private static List<String> unknown(List<String> candidates, List<Host> hosts) {
		if (candidates == null) {
			return List.of();
		}
		Set<String> known = new HashSet<>();
		hosts.forEach((h) -> known.add(h.name()));
		return candidates.stream().filter((name) -> !known.contains(name)).distinct().sorted().toList();
	}

	/**
	 * Moves every fitting host to the rejected hosts, with the reason, when one of the
	 * VM's pins is a proposal nobody approved (its verification is INCONSISTENT on any
	 * host, so the hook would refuse the migration) or the host's VMM profile cannot
	 * build one. A host that reported no profile is not judged on it: its hook checks the
	 * VM's configuration when it starts.
	 */
	private final class HostFilter {

		private final Map<String, String> byHost = PlacementService.this.inventory.vmmProfiles();

		private final Map<String, VmmProfile> profiles = new HashMap<>();

		private final Loader loader;

		HostFilter(Loader loader) {
			this.loader = loader;
		}

		Placement apply(Placement placement, List<PinnedDevice> vm) {
			List<Placement.Fit> fits = new ArrayList<>();
			List<Placement.Rejection> rejections = new ArrayList<>(placement.rejections());
			for (Placement.Fit fit : placement.fits()) {
				List<Placement.Reason> reasons = reasons(this.byHost.get(fit.host()), vm);
				if (reasons.isEmpty()) {
					fits.add(fit);
				}
				else {
					rejections.add(new Placement.Rejection(fit.host(), fit.lastSeen(), reasons));
				}
			}
			return new Placement(fits, rejections, placement.stale());
		}

		private List<Placement.Reason> reasons(String name, List<PinnedDevice> vm) {
			List<Placement.Reason> reasons = new ArrayList<>();
			for (int i = 0; i < vm.size(); i++) {
				PinnedDevice device = vm.get(i);
				if (this.loader.proposed(device)) {
					reasons.add(new Placement.Reason(i, Placement.ReasonCode.PIN_NOT_APPROVED,
							"pin " + device.modelKey() + " v" + device.pinVersion()
									+ " is a four-eyes proposal nobody approved yet: no host verifies against it",
							List.of()));
				}
			}
			if (name == null) {
				return reasons;
			}
			VmmProfile profile = this.profiles.computeIfAbsent(name, (key) -> {
				try {
					return PlacementService.this.profiles.named(key);
				}
				catch (ApiProblem ex) {
					return null;
				}
			});
			for (int i = 0; i < vm.size(); i++) {
				PinnedDevice device = vm.get(i);
				String why = (profile == null) ? "the host's VMM profile " + name + " is not in the registry"
						: VmmBuild.of(device.pin(), profile).refusals().stream().findFirst().orElse(null);
				if (why != null) {
					reasons.add(new Placement.Reason(i, Placement.ReasonCode.VMM_PROFILE_CANNOT_BUILD,
							"pin " + device.modelKey() + " v" + device.pinVersion() + ": " + why, List.of()));
				}
			}
			return reasons;
		}

	}

	/** Reads each pin and each device's quirks once per request. */
	private final class Loader {

		private final PinReads reads = new PinReads(PlacementService.this.pins, PlacementService.this.quirks,
				PlacementService.this.compared);

		private final Set<String> proposed = new HashSet<>();

		List<PinnedDevice> devices(List<DeviceRef> refs) {
			List<PinnedDevice> devices = new ArrayList<>(refs.size());
			for (DeviceRef ref : refs) {
				PinnedLayout pin = this.reads.pin(ref.model(), ref.pinVersion());
				if (!pin.approved()) {
					this.proposed.add(ref.model() + "/" + ref.pinVersion());
				}
				devices.add(new PinnedDevice(ref.label(), ref.model().toString(), ref.pinVersion(),
						this.reads.compared(pin), pin.deprecated(), this.reads.quirks(pin)));
			}
			return devices;
		}

		/** Whether the device's pinned version is a proposal nobody approved yet. */
		boolean proposed(PinnedDevice device) {
			return this.proposed.contains(device.modelKey() + "/" + device.pinVersion());
		}

	}

}
