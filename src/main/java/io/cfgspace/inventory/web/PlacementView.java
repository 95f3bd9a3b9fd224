package io.cfgspace.inventory.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cfgspace.inventory.PlacementService;
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

	static PlacementView of(PlacementService.Answer answer, List<PlacementController.DeviceRequest> devices) {
		Placement placement = answer.placement();
		List<FitView> fits = new ArrayList<>();
		for (Placement.Fit fit : placement.fits()) {
			fits.add(new FitView(fit.host(), fit.lastSeen(), fit.assignments().stream().map((a) -> {
				PlacementController.DeviceRequest device = devices.get(a.device());
				return new AssignmentView(a.device(), device.label(), device.modelKey(), device.pinVersion(),
						a.hostAddress());
			}).toList()));
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

	/** Per VM on a host to drain: where it could go, or why nowhere. */
	record DrainView(String host, boolean drainable, List<VmView> vms) {

		static DrainView of(PlacementService.Drain drain, List<String> vmIds,
				List<List<PlacementController.DeviceRequest>> devices) {
			List<VmView> vms = new ArrayList<>();
			for (int i = 0; i < vmIds.size(); i++) {
				PlacementView placement = PlacementView.of(drain.vms().get(i), devices.get(i));
				vms.add(new VmView(vmIds.get(i), !placement.candidates().isEmpty(), placement.candidates(),
						placement.rejected(), placement.stale(), placement.unknownHosts()));
			}
			return new DrainView(drain.host(), vms.stream().allMatch(VmView::placeable), vms);
		}

	}

	record VmView(String vmId, boolean placeable, List<FitView> candidates, List<RejectionView> rejected,
			List<StaleView> stale, List<String> unknownHosts) {

	}

}
