package io.cfgspace.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.cfgspace.inventory.core.Host;
import io.cfgspace.inventory.core.HostDevice;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.ModelMatch;
import io.cfgspace.verification.core.IommuSupport;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The inventory tables. Device layouts are stored once per fingerprint and kept parsed in
 * memory: a fingerprint names one layout forever, so the cache is never stale, and a
 * fleet has few distinct device layouts.
 */
@Repository
class HostStore {

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final JsonMapper json;

	/**
	 * Far more distinct device layouts than a cloud has; a bound all the same, since any
	 * verifier may report one.
	 */
	private static final int MAX_KEPT = 50_000;

	/**
	 * Reported layouts by fingerprint: the same content always reads as the same layout.
	 */
	private final Map<String, Layout> layouts = new ConcurrentHashMap<>();

	HostStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
		this.json = json;
	}

	/** One device of a report, ready to store. */
	record StoredDevice(String address, Layout physical, String fingerprint, String variant, ModelMatch model,
			String driver, byte[] config) {

		ModelMatch.Device identity() {
			return ModelMatch.Device.of(this.physical.identity(), this.variant);
		}

	}

	/**
	 * Advisory locks (transaction scope) in this space serialize a report's
	 * classification of its devices with a new model's re-classification of the devices
	 * of its vendor and device ID; otherwise a report that looked before the model
	 * committed could store its device unmodelled after the model claimed the host's old
	 * rows.
	 */
	private static final int IDENTITY_LOCKS = 0x48444556;

	/**
	 * Holds the lock of each vendor and device ID until the transaction ends; in one
	 * order, so two reports never wait on each other.
	 */
	void lockIdentities(Collection<ModelMatch.Device> devices) {
		devices.stream()
			.mapToInt((d) -> (d.vendorId() << 16) | d.deviceId())
			.distinct()
			.sorted()
			.forEach((key) -> this.jdbc.queryForList("select pg_advisory_xact_lock(?, ?)", IDENTITY_LOCKS, key));
	}

	void lockIdentity(int vendorId, int deviceId) {
		this.jdbc.queryForList("select pg_advisory_xact_lock(?, ?)", IDENTITY_LOCKS, (vendorId << 16) | deviceId);
	}

	/** The distinct identities and variants reported with this vendor and device ID. */
	List<ModelMatch.Device> identities(int vendorId, int deviceId) {
		return this.jdbc.query("""
				select distinct subsystem_vendor_id, subsystem_id, revision_id, variant from host_device
				where vendor_id = ? and device_id = ?""",
				(rs, n) -> new ModelMatch.Device(vendorId, deviceId, (Integer) rs.getObject("subsystem_vendor_id"),
						(Integer) rs.getObject("subsystem_id"), rs.getInt("revision_id"), rs.getString("variant")),
				vendorId, deviceId);
	}

	/** Gives every device of this identity its model; how many changed. */
	int classify(ModelMatch.Device device, ModelMatch model) {
		String key = (model.key() != null) ? model.key().toString() : null;
		return this.jdbc.update("""
				update host_device set model_key = ?, unmodelled_reason = ?
				where vendor_id = ? and device_id = ? and subsystem_vendor_id is not distinct from ?
				    and subsystem_id is not distinct from ? and revision_id = ? and variant is not distinct from ?
				    and (model_key is distinct from ? or unmodelled_reason is distinct from ?)""", key,
				model.unmodelledReason(), device.vendorId(), device.deviceId(), device.subsystemVendorId(),
				device.subsystemId(), device.revisionId(), device.variant(), key, model.unmodelledReason());
	}

	/** Moves last_seen when the host's last report had this hash; false otherwise. */
	boolean touchIfUnchanged(String name, String hash, Instant now) {
		return this.jdbc.update("update host set last_seen = ? where name = ? and report_hash = ?", Timestamp.from(now),
				name, hash) == 1;
	}

	/** The VMM profile of each host that has one, by host name. */
	Map<String, String> vmmProfiles() {
		Map<String, String> profiles = new java.util.HashMap<>();
		this.jdbc.query("select name, vmm_profile from host where vmm_profile is not null",
				(RowCallbackHandler) (rs) -> profiles.put(rs.getString("name"), rs.getString("vmm_profile")));
		return profiles;
	}

	/** Stores a changed report; true when the host is new. */
	boolean replace(String name, String hash, String vmmVersion, String iommu, IommuSupport support,
			List<StoredDevice> devices, String caller, Instant now, String vmmProfile, String machineType) {
		for (StoredDevice device : devices) {
			// the cache fills from committed rows only, so it never names a layout the
			// table lacks
			if (device.physical() != null) {
				this.jdbc.update(
						"insert into host_device_layout (fingerprint, document) values (?, ?) on conflict do nothing",
						device.fingerprint(), LayoutDocument.write(device.physical()));
			}
		}
		Timestamp at = Timestamp.from(now);
		Map<String, Object> row = this.jdbc.queryForMap("""
				insert into host (name, report_hash, vmm_version, iommu, iommu_support, first_seen, reported_at,
				    last_seen, reported_by)
				values (?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?)
				on conflict (name) do update set report_hash = excluded.report_hash,
				    vmm_version = excluded.vmm_version, iommu = excluded.iommu,
				    iommu_support = excluded.iommu_support, reported_at = excluded.reported_at,
				    last_seen = excluded.last_seen, reported_by = excluded.reported_by
				returning id, (xmax = 0) as created""", name, hash, vmmVersion, iommu,
				(support != null) ? this.json.writeValueAsString(support) : null, at, at, at, caller);
		long id = ((Number) row.get("id")).longValue();
		this.jdbc.update("update host set vmm_profile = ?, machine_type = ? where id = ?", vmmProfile, machineType, id);
		this.jdbc.update("delete from host_device where host_id = ?", id);
		List<Object[]> rows = new ArrayList<>();
		for (StoredDevice device : devices) {
			Identity identity = device.physical().identity();
			ModelKey key = device.model().key();
			rows.add(new Object[] { id, device.address(), identity.vendorId(), identity.deviceId(),
					identity.subsystemVendorId(), identity.subsystemId(), identity.revisionId(), identity.classCode(),
					device.variant(), (key != null) ? key.toString() : null, device.model().unmodelledReason(),
					device.fingerprint(), device.driver(), device.config() });
		}
		this.jdbc.batchUpdate("""
				insert into host_device (host_id, address, vendor_id, device_id, subsystem_vendor_id, subsystem_id,
				    revision_id, class_code, variant, model_key, unmodelled_reason, fingerprint, driver, config)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
		return Boolean.TRUE.equals(row.get("created"));
	}

	/** A layout some host reported, by its fingerprint. */
	Optional<Layout> layout(String fingerprint) {
		return Optional.ofNullable(layouts(Set.of(fingerprint)).get(fingerprint));
	}

	boolean delete(String name) {
		return this.jdbc.update("delete from host where name = ?", name) == 1;
	}

	/** Filters for the host list; {@code null} means any. */
	record Filter(Boolean stale, String modelKey, String namePrefix) {

	}

	/** Hosts by name, after {@code after}, at most {@code limit}, with their devices. */
	List<HostRecord> page(Filter filter, Instant staleBefore, String after, int limit) {
		StringBuilder sql = new StringBuilder("select * from host where true");
		MapSqlParameterSource args = new MapSqlParameterSource();
		if (after != null) {
			sql.append(" and name > :after");
			args.addValue("after", after);
		}
		if (filter.namePrefix() != null) {
			sql.append(" and starts_with(name, :prefix)");
			args.addValue("prefix", filter.namePrefix());
		}
		if (filter.stale() != null) {
			sql.append(filter.stale() ? " and last_seen < :staleBefore" : " and last_seen >= :staleBefore");
		}
		args.addValue("staleBefore", Timestamp.from(staleBefore));
		if (filter.modelKey() != null) {
			sql.append(" and exists (select 1 from host_device d where d.host_id = host.id and d.model_key = :model)");
			args.addValue("model", filter.modelKey());
		}
		sql.append(" order by name limit :limit");
		args.addValue("limit", limit);
		List<HostRecord> hosts = this.named.query(sql.toString(), args, (rs, n) -> host(rs, staleBefore));
		return withDevices(hosts);
	}

	Optional<HostRecord> get(String name, Instant staleBefore) {
		List<HostRecord> hosts = this.jdbc.query("select * from host where name = ?", (rs, n) -> host(rs, staleBefore),
				name);
		return hosts.isEmpty() ? Optional.empty() : Optional.of(withDevices(hosts).get(0));
	}

	/**
	 * The hosts for placement, each with its devices' parsed layouts; every host when
	 * {@code names} is null.
	 */
	List<Host> hosts(Collection<String> names) {
		MapSqlParameterSource args = new MapSqlParameterSource();
		String where = "";
		if (names != null) {
			if (names.isEmpty()) {
				return List.of();
			}
			where = " where h.name in (:names)";
			args.addValue("names", names);
		}
		String sql = "select h.name, h.last_seen, h.iommu_support, d.address, d.fingerprint, d.driver, d.model_key,"
				+ " d.unmodelled_reason" + " from host h left join host_device d on d.host_id = h.id" + where
				+ " order by h.name, d.address";
		Map<String, Instant> seen = new LinkedHashMap<>();
		Map<String, IommuSupport> iommus = new HashMap<>();
		Map<String, List<Object[]>> devices = new HashMap<>();
		this.named.query(sql, args, (ResultSet rs) -> {
			String name = rs.getString("name");
			if (!seen.containsKey(name)) {
				seen.put(name, rs.getTimestamp("last_seen").toInstant());
				String support = rs.getString("iommu_support");
				iommus.put(name, (support != null) ? this.json.readValue(support, IommuSupport.class) : null);
				devices.put(name, new ArrayList<>());
			}
			String address = rs.getString("address");
			if (address != null) {
				devices.get(name)
					.add(new Object[] { address, rs.getString("fingerprint"), rs.getString("driver"),
							rs.getString("model_key"), rs.getString("unmodelled_reason") });
			}
		});
		Map<String, Layout> layouts = layouts(
				devices.values().stream().flatMap(List::stream).map((d) -> (String) d[1]).collect(Collectors.toSet()));
		List<Host> hosts = new ArrayList<>(seen.size());
		for (Map.Entry<String, Instant> entry : seen.entrySet()) {
			List<HostDevice> list = new ArrayList<>();
			for (Object[] d : devices.get(entry.getKey())) {
				String fingerprint = (String) d[1];
				list.add(new HostDevice((String) d[0], layouts.get(fingerprint), fingerprint, (String) d[2],
						(String) d[3], (String) d[4]));
			}
			hosts.add(new Host(entry.getKey(), list, iommus.get(entry.getKey()), entry.getValue()));
		}
		return hosts;
	}

	private Map<String, Layout> layouts(Set<String> fingerprints) {
		Map<String, Layout> found = new HashMap<>();
		List<String> missing = new ArrayList<>();
		for (String fingerprint : fingerprints) {
			Layout kept = this.layouts.get(fingerprint);
			if (kept != null) {
				found.put(fingerprint, kept);
			}
			else {
				missing.add(fingerprint);
			}
		}
		if (!missing.isEmpty()) {
			this.named.query("select fingerprint, document from host_device_layout where fingerprint in (:f)",
					new MapSqlParameterSource("f", missing), (ResultSet rs) -> {
						Layout layout = LayoutDocument.read(rs.getString("document"));
						found.put(rs.getString("fingerprint"), layout);
						keep(rs.getString("fingerprint"), layout);
					});
		}
		return found;
	}

	private void keep(String fingerprint, Layout layout) {
		if (this.layouts.size() >= MAX_KEPT) {
			this.layouts.clear();
		}
		this.layouts.put(fingerprint, layout);
	}

	private List<HostRecord> withDevices(List<HostRecord> hosts) {
		if (hosts.isEmpty()) {
			return hosts;
		}
		Map<Long, List<HostRecord.Device>> byHost = new HashMap<>();
		this.named.query("""
				select host_id, address, vendor_id, device_id, subsystem_vendor_id, subsystem_id, revision_id,
				    class_code, variant, model_key, unmodelled_reason, fingerprint, driver, config is not null as dump
				from host_device where host_id in (:ids) order by address""",
				new MapSqlParameterSource("ids", hosts.stream().map(HostRecord::id).toList()), (ResultSet rs) -> {
					byHost.computeIfAbsent(rs.getLong("host_id"), (k) -> new ArrayList<>())
						.add(new HostRecord.Device(rs.getString("address"), rs.getInt("vendor_id"),
								rs.getInt("device_id"), (Integer) rs.getObject("subsystem_vendor_id"),
								(Integer) rs.getObject("subsystem_id"), rs.getInt("revision_id"),
								rs.getInt("class_code"), rs.getString("variant"), rs.getString("model_key"),
								rs.getString("unmodelled_reason"), rs.getString("fingerprint"), rs.getString("driver"),
								rs.getBoolean("dump")));
				});
		return hosts.stream().map((h) -> h.withDevices(byHost.getOrDefault(h.id(), List.of()))).toList();
	}

	private static HostRecord host(ResultSet rs, Instant staleBefore) throws SQLException {
		Instant lastSeen = rs.getTimestamp("last_seen").toInstant();
		return new HostRecord(rs.getLong("id"), rs.getString("name"), rs.getString("vmm_version"),
				rs.getString("iommu"), rs.getTimestamp("first_seen").toInstant(),
				rs.getTimestamp("reported_at").toInstant(), lastSeen, rs.getString("reported_by"),
				lastSeen.isBefore(staleBefore), List.of(), rs.getString("vmm_profile"), rs.getString("machine_type"));
	}

}
