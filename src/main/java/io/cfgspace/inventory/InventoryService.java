package io.cfgspace.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.cfgspace.inventory.core.Host;
import io.cfgspace.layout.Layout;
import io.cfgspace.registry.DeviceModelService;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.ModelMatch;
import io.cfgspace.system.BadRequest;
import io.cfgspace.system.NotFound;
import io.cfgspace.verification.VmmProfileRecord;
import io.cfgspace.verification.VmmProfileService;
import io.cfgspace.verification.core.IommuSupport;
import io.cfgspace.verification.core.VmmProfile;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hosts report their passthrough devices here. A report replaces the host's previous one;
 * the same report again only moves {@code last_seen}. A host not heard from within
 * {@code cfgspace.inventory.stale-after} is stale: listed as such and never a placement
 * candidate, since its devices may have changed since.
 */
@Service
public class InventoryService {

	private final HostStore store;

	private final DeviceModelService models;

	private final Clock clock;

	private final Duration staleAfter;

	private final TransactionTemplate transaction;

	private final VmmProfileService profiles;

	InventoryService(HostStore store, DeviceModelService models, VmmProfileService profiles, Clock clock,
			@Value("${cfgspace.inventory.stale-after:15m}") Duration staleAfter,
			PlatformTransactionManager transactionManager) {
		this.transaction = new TransactionTemplate(transactionManager);
		this.store = store;
		this.profiles = profiles;
		this.models = models;
		this.clock = clock;
		this.staleAfter = staleAfter;
	}

	/** A host's report, as read from a request. */
	public record Report(String vmmVersion, String iommu, IommuSupport iommuSupport, List<ReportedDevice> devices,
			String vmmProfile, String machineType) {

	}

	/**
	 * One reported device: its physical layout and dump, or only the fingerprint of a
	 * layout some host has sent before.
	 */
	public record ReportedDevice(String address, Layout physical, byte[] config, String fingerprint, String driver,
			String variant) {

	}

	public enum Outcome {

		CREATED, UPDATED, UNCHANGED

	}

	public record Reported(Outcome outcome, HostRecord host) {

	}

	/**
	 * Stores a report unless it equals the host's last one (same {@code hash}), in which
	 * case only {@code last_seen} moves and the report is not even read. Each device is
	 * classified in the storing transaction, under its vendor and device ID's lock, so a
	 * model created meanwhile either sees the new rows or is seen by the report.
	 */
	public Reported report(String name, String hash, Supplier<Report> read, String caller) {
		Instant now = this.clock.instant();
		if (this.store.touchIfUnchanged(name, hash, now)) {
			return new Reported(Outcome.UNCHANGED, get(name));
		}
		Report report = read.get();
		List<HostStore.StoredDevice> devices = new ArrayList<>();
		Set<String> addresses = new HashSet<>();
		for (ReportedDevice device : report.devices()) {
			if (!addresses.add(device.address())) {
				throw new BadRequest("invalid-request", "Invalid request",
						"device " + device.address() + " is reported twice");
			}
			Layout physical = (device.physical() != null) ? device.physical()
					: this.store.layout(device.fingerprint())
						.orElseThrow(() -> new BadRequest("unknown-fingerprint", "Unknown fingerprint",
								"device " + device.address() + ": no host has sent the dump of layout "
										+ device.fingerprint() + " yet; send the dump once"));
			String fingerprint = (device.physical() != null) ? physical.fingerprint() : device.fingerprint();
			devices.add(new HostStore.StoredDevice(device.address(), physical, fingerprint, device.variant(), null,
					device.driver(), device.config()));
		}
		String profile = vmmProfile(report);
		boolean created = Boolean.TRUE.equals(this.transaction.execute((status) -> {
			List<HostStore.StoredDevice> classified = classified(devices);
			return this.store.replace(name, hash, report.vmmVersion(), report.iommu(), report.iommuSupport(),
					classified, caller, now, profile, report.machineType());
		}));
		return new Reported(created ? Outcome.CREATED : Outcome.UPDATED, get(name));
	}

	/**
	 * Each device with the model the registry knows it as. A device of no model, or of
	 * several equally, is still inventoried, as unmodelled and with the reason.
	 */
	private List<HostStore.StoredDevice> classified(List<HostStore.StoredDevice> devices) {
		this.store.lockIdentities(devices.stream().map(HostStore.StoredDevice::identity).toList());
		Map<ModelMatch.Device, ModelMatch> matches = new HashMap<>();
		List<HostStore.StoredDevice> classified = new ArrayList<>(devices.size());
		for (HostStore.StoredDevice device : devices) {
			ModelMatch model = matches.computeIfAbsent(device.identity(), this.models::match);
			classified.add(new HostStore.StoredDevice(device.address(), device.physical(), device.fingerprint(),
					device.variant(), model, device.driver(), device.config()));
		}
		return classified;
	}

	/**
	 * Gives the devices a new model covers their model, in the model's transaction: the
	 * same classification a report makes, for every identity of the model's vendor and
	 * device ID (a more specific model, or one that ties with another, changes devices
	 * that had a model too).
	 * @return how many devices changed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int reclassify(ModelKey created) {
		this.store.lockIdentity(created.vendorId(), created.deviceId());
		int changed = 0;
		for (ModelMatch.Device device : this.store.identities(created.vendorId(), created.deviceId())) {
			changed += this.store.classify(device, this.models.match(device));
		}
		return changed;
	}

	/**
	 * The profile the host named (which must exist), else the one profile whose match
	 * rule describes its VMM version and machine type, else none.
	 */
	private String vmmProfile(Report report) {
		if (report.vmmProfile() != null) {
			return this.profiles.named(report.vmmProfile()).name();
		}
		String version = VmmProfile.versionIn(report.vmmVersion());
		if (version == null) {
			return null;
		}
		VmmProfile.Vmm vmm = report.vmmVersion().toLowerCase(java.util.Locale.ROOT).contains("cloud-hypervisor")
				? VmmProfile.Vmm.CLOUD_HYPERVISOR : VmmProfile.Vmm.QEMU;
		List<VmmProfileRecord> found = this.profiles.describing(vmm, version, report.machineType());
		return (found.size() == 1) ? found.get(0).name() : null;
	}

	/** The VMM profile of each host that has one, by host name. */
	@Transactional(readOnly = true)
	public java.util.Map<String, String> vmmProfiles() {
		return this.store.vmmProfiles();
	}

	@Transactional(readOnly = true)
	public HostRecord get(String name) {
		return this.store.get(name, staleBefore()).orElseThrow(() -> notFound(name));
	}

	@Transactional
	public void forget(String name) {
		if (!this.store.delete(name)) {
			throw notFound(name);
		}
	}

	/**
	 * A page of hosts by name and the name to continue after, or null on the last page.
	 */
	public record Page(List<HostRecord> items, String lastName) {

	}

	@Transactional(readOnly = true)
	public Page list(Boolean stale, String modelKey, String namePrefix, String after, int limit) {
		List<HostRecord> items = this.store.page(new HostStore.Filter(stale, modelKey, namePrefix), staleBefore(),
				after, limit + 1);
		if (items.size() > limit) {
			items = items.subList(0, limit);
			return new Page(items, items.get(limit - 1).name());
		}
		return new Page(items, null);
	}

	/** The hosts for placement; every host when {@code names} is null. */
	@Transactional(readOnly = true)
	public List<Host> hosts(List<String> names) {
		return this.store.hosts(names);
	}

	/** Hosts last seen before this instant are stale. */
	public Instant staleBefore() {
		return this.clock.instant().minus(this.staleAfter);
	}

	static NotFound notFound(String name) {
		return new NotFound("host-not-found", "no host '" + name + "' in the inventory");
	}

}
