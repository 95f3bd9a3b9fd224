package io.cfgspace.inventory.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cfgspace.inventory.PlacementService;
import io.cfgspace.inventory.core.DrainPlan;
import io.cfgspace.inventory.core.Placement;
import io.cfgspace.verification.web.FindingView;

/** A placement as the API shows it: VM devices named by index, label, model and pin. */
record PlacementView(List<FitView> candidates, List<RejectionView> rejected, List<StaleView> stale,
		List<String> unknownHosts) {

	record FitView(String host, Instant lastSeen, List<AssignmentView> assignments) {

	}

	record AssignmentView(int device, String label, String modelKey, int pinVersion, String hostAddress) {

	}

	record RejectionView(String host, Instant lastSeen, List<ReasonView> reasons) {

	}

	record ReasonView(int device, String label, String modelKey, int pinVersion, String code, String message,
			List<CandidateView> hostDevices) {

	}

	record CandidateView(String address, List<FindingView> findings) {

	}

	record StaleView(String host, Instant lastSeen) {

	}

	private static List<AssignmentView> assignments(List<Placement.Assignment> assignments,
			List<PlacementController.DeviceRequest> devices) {
		return assignments.stream().map((a) -> {
			PlacementController.DeviceRequest device = devices.get(a.device());
			return new AssignmentView(a.device(), device.label(), device.modelKey(), device.pinVersion(),
					a.hostAddress());
		}).toList();
	}

	static PlacementView of(PlacementService.Answer answer, List<PlacementController.DeviceRequest> devices) {
		Placement placement = answer.placement();
		List<FitView> fits = new ArrayList<>();
		for (Placement.Fit fit : placement.fits()) {
			fits.add(new FitView(fit.host(), fit.lastSeen(), assignments(fit.assignments(), devices)));
		}
		List<RejectionView> rejected = new ArrayList<>();
		for (Placement.Rejection rejection : placement.rejections()) {
			rejected
				.add(new RejectionView(rejection.host(), rejection.lastSeen(), rejection.reasons().stream().map((r) -> {
					PlacementController.DeviceRequest device = devices.get(r.device());
					return new ReasonView(r.device(), device.label(), device.modelKey(), device.pinVersion(),
							r.code().name(), r.message(),
							r.candidates()
								.stream()
								.map((c) -> new CandidateView(c.address(),
										c.findings().stream().map(FindingView::of).toList()))
								.toList());
				}).toList()));
		}
		List<StaleView> stale = placement.stale().stream().map((s) -> new StaleView(s.host(), s.lastSeen())).toList();
		return new PlacementView(fits, rejected, stale, answer.unknownHosts());
	}

	/**
	 * A drain check: one assignment for all VMs of the host at once. {@code drainable}
	 * when every VM has a destination; {@code proven} when no assignment places more.
	 */
	record DrainView(String host, boolean drainable, int placed, boolean proven, long searchSteps, List<VmView> vms) {

		/**
		 * With {@code assignmentOnly}, each VM's {@code candidates} and {@code rejected}
		 * stay empty: over a thousand hosts they are most of a drain's answer (about 40
		 * MB for 64 VMs), and a drain that only moves VMs needs the assignment.
		 */
		static DrainView of(PlacementService.Drain drain, List<String> vmIds,
				List<List<PlacementController.DeviceRequest>> devices, boolean assignmentOnly) {
			List<VmView> vms = new ArrayList<>();
			DrainPlan plan = drain.plan();
			for (int i = 0; i < vmIds.size(); i++) {
				DrainPlan.VmPlan vm = plan.vms().get(i);
				List<PlacementController.DeviceRequest> requested = devices.get(i);
				PlacementView placement = PlacementView
					.of(new PlacementService.Answer(vm.alone(), drain.unknownHosts()), requested);
				FitView destination = null;
				if (vm.destination() != null) {
					destination = new FitView(vm.destination().host(), vm.destination().lastSeen(),
							assignments(vm.destination().assignments(), requested));
				}
				UnplacedView unplaced = (vm.unplaced() != null)
						? new UnplacedView(vm.unplaced().code().name(), vm.unplaced().message(), vm.unplaced().hosts())
						: null;
				vms.add(new VmView(vmIds.get(i), !placement.candidates().isEmpty(), destination, unplaced,
						assignmentOnly ? List.of() : placement.candidates(),
						assignmentOnly ? List.of() : placement.rejected(), placement.stale(),
						placement.unknownHosts()));
			}
			return new DrainView(drain.host(), plan.drainable(), plan.placed(), plan.proven(), plan.steps(), vms);
		}

	}

	/**
	 * One VM of a drain: {@code placeable} when some host could take it alone;
	 * {@code destination} its host in the joint assignment, or {@code unplaced} why none.
	 */
	record VmView(String vmId, boolean placeable, FitView destination, UnplacedView unplaced, List<FitView> candidates,
			List<RejectionView> rejected, List<StaleView> stale, List<String> unknownHosts) {

	}

	record UnplacedView(String code, String message, List<String> hosts) {

	}

}
