package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.inventory.core.Placement.Assignment;

/**
 * One assignment that holds for every VM of a drained host at once: each placed VM's
 * destination and the device each of its devices gets there, no destination device given
 * twice; for each VM left out, why.
 *
 * @param vms per VM, in request order
 * @param placed how many VMs have a destination
 * @param proven whether no assignment places more VMs (false when the search stopped at
 * its budget with the best assignment it had found)
 * @param steps the search's steps, for the curious and for the budget
 */
public record DrainPlan(List<VmPlan> vms, int placed, boolean proven, long steps) {

	public DrainPlan {
		vms = List.copyOf(vms);
	}

	/** Every VM has a destination. */
	public boolean drainable() {
		return this.placed == this.vms.size();
	}

	/**
	 * One VM's part of the plan: a destination, or why it has none.
	 *
	 * @param alone where the VM could go if it were the only one
	 * @param destination the host it goes to, or {@code null}
	 * @param unplaced why it has no destination, or {@code null}
	 */
	public record VmPlan(Placement alone, Destination destination, Unplaced unplaced) {

	}

	/** A VM's destination and which host device each VM device gets. */
	public record Destination(String host, Instant lastSeen, List<Assignment> assignments) {

		public Destination {
			assignments = List.copyOf(assignments);
		}

	}

	/** Why a VM has no destination; {@code hosts} are those that could take it alone. */
	public record Unplaced(UnplacedCode code, String message, List<String> hosts) {

		public Unplaced {
			hosts = List.copyOf(hosts);
		}

	}

	/** Stable values of the API. */
	public enum UnplacedCode {

		/** No host can take the VM even alone: its placement says why per host. */
		NO_HOST_FITS,
		/**
		 * Hosts could take the VM alone, but their fitting devices are needed by the VMs
		 * placed: no assignment places this VM without leaving out another.
		 */
		DEVICES_TAKEN_BY_OTHER_VMS

	}

	/**
	 * Plans a drain.
	 * @param hosts the hosts the choices index, ordered by name
	 * @param vms per VM, its placement alone (after every filter) and the fitting lists
	 * of the hosts placement considered
	 * @param budget the search's step budget
	 */
	public static DrainPlan of(List<Host> hosts, List<Placer.Choices> vms, long budget) {
		Map<String, Integer> index = new HashMap<>();
		int[] hostDevices = new int[hosts.size()];
		for (int h = 0; h < hosts.size(); h++) {
			index.put(hosts.get(h).name(), h);
			hostDevices[h] = hosts.get(h).devices().size();
		}
		List<List<DrainSearch.Option>> options = new ArrayList<>();
		int[] need = new int[vms.size()];
		for (int v = 0; v < vms.size(); v++) {
			Placer.Choices choices = vms.get(v);
			List<DrainSearch.Option> list = new ArrayList<>();
			for (Placement.Fit fit : choices.placement().fits()) {
				int[][] fitting = choices.fitting().get(fit.host());
				list.add(new DrainSearch.Option(index.get(fit.host()), fitting));
				need[v] = fitting.length;
			}
			// the smallest host that can take a VM first: larger ones stay for larger VMs
			list.sort(java.util.Comparator.comparingInt((DrainSearch.Option o) -> hostDevices[o.host()])
				.thenComparingInt(DrainSearch.Option::host));
			options.add(list);
		}
		DrainSearch.Result result = new DrainSearch(hostDevices, options, need, budget).solve();
		List<VmPlan> plans = new ArrayList<>();
		for (int v = 0; v < vms.size(); v++) {
			Placement alone = vms.get(v).placement();
			int h = result.hostOf()[v];
			if (h >= 0) {
				Host host = hosts.get(h);
				List<Assignment> assignments = new ArrayList<>();
				int[] devices = result.deviceOf()[v];
				for (int i = 0; i < devices.length; i++) {
					assignments.add(new Assignment(i, host.devices().get(devices[i]).address()));
				}
				plans.add(new VmPlan(alone, new Destination(host.name(), host.lastSeen(), assignments), null));
			}
			else {
				plans.add(new VmPlan(alone, null, unplaced(alone, result.proven())));
			}
		}
		return new DrainPlan(plans, result.placed(), result.proven(), result.steps());
	}

	private static Unplaced unplaced(Placement alone, boolean proven) {
		if (alone.fits().isEmpty()) {
			return new Unplaced(UnplacedCode.NO_HOST_FITS,
					"no host can take this VM, even alone: see why each host is rejected", List.of());
		}
		List<String> hosts = alone.fits().stream().map(Placement.Fit::host).toList();
		String which = (hosts.size() <= 5) ? String.join(", ", hosts)
				: String.join(", ", hosts.subList(0, 5)) + " and " + (hosts.size() - 5) + " more";
		String message = "the hosts that could take this VM alone (" + which
				+ ") need their fitting devices for the VMs placed; " + (proven ? "no assignment places more VMs"
						: "the search stopped at its budget, so an assignment that places it may exist");
		return new Unplaced(UnplacedCode.DEVICES_TAKEN_BY_OTHER_VMS, message, hosts);
	}

}
