package io.cfgspace.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cfgspace.TestDatabase;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.ModelMatch;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V18 on rows stored before it: their identity comes from their layout, a model created
 * after the report claims its device, and the rest say why, in the words the service
 * uses.
 */
class UnmodelledMigrationTest {

	@Test
	void classifiesTheDevicesReportedBeforeIt() throws SQLException {
		JdbcTemplate jdbc = freshDatabase();
		migrate(jdbc, "16");
		byte[] claimed = Devices.config(Devices.SKYLAKE, 0x1111);
		byte[] tied = Devices.config(Devices.SKYLAKE, 0x2222);
		byte[] unknown = Devices.config(Devices.DSA, 0x3333);
		byte[] modelled = Devices.config(Devices.DSA, 0x4444);
		model(jdbc, "8086:1111", 0x1111, null);
		model(jdbc, "8086:2222@pf", 0x2222, "pf");
		model(jdbc, "8086:2222@vf", 0x2222, "vf");
		model(jdbc, "8086:4444", 0x4444, null);
		long host = jdbc.queryForObject("""
				insert into host (name, report_hash, first_seen, reported_at, last_seen, reported_by)
				values ('hv-1', 'x', now(), now(), now(), 'test') returning id""", Long.class);
		device(jdbc, host, "0000:01:00.0", claimed, null);
		device(jdbc, host, "0000:02:00.0", tied, null);
		device(jdbc, host, "0000:03:00.0", unknown, null);
		device(jdbc, host, "0000:04:00.0", modelled, "8086:4444");

		migrate(jdbc, "18");

		assertThat(row(jdbc, "0000:01:00.0")).containsEntry("model_key", "8086:1111")
			.containsEntry("unmodelled_reason", null);
		assertThat(row(jdbc, "0000:02:00.0")).containsEntry("model_key", null)
			.containsEntry("unmodelled_reason",
					new ModelMatch.Ambiguous(List.of(ModelKey.parse("8086:2222@pf"), ModelKey.parse("8086:2222@vf")))
						.unmodelledReason());
		Identity identity = Devices.layout(unknown).identity();
		assertThat(row(jdbc, "0000:03:00.0")).containsEntry("model_key", null)
			.containsEntry("unmodelled_reason",
					new ModelMatch.NoModel(ModelMatch.Device.of(identity, null)).unmodelledReason())
			.containsEntry("subsystem_vendor_id", identity.subsystemVendorId())
			.containsEntry("subsystem_id", identity.subsystemId())
			.containsEntry("revision_id", identity.revisionId())
			.containsEntry("class_code", identity.classCode());
		assertThat(row(jdbc, "0000:04:00.0")).containsEntry("model_key", "8086:4444")
			.containsEntry("unmodelled_reason", null);
	}

	private static JdbcTemplate freshDatabase() throws SQLException {
		TestDatabase.Connection server = TestDatabase.connection();
		String name = "v18_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection admin = DriverManager.getConnection(server.url(), server.username(), server.password());
				Statement statement = admin.createStatement()) {
			statement.execute("create database " + name);
		}
		String url = server.url().replaceFirst("^(jdbc:postgresql://[^/?]+)/[^?]*", "$1/" + name);
		return new JdbcTemplate(new DriverManagerDataSource(url, server.username(), server.password()));
	}

	private static void migrate(JdbcTemplate jdbc, String target) {
		Flyway.configure()
			.dataSource(jdbc.getDataSource())
			.locations("classpath:db/migration")
			.target(target)
			.load()
			.migrate();
	}

	private static void model(JdbcTemplate jdbc, String key, int deviceId, String variant) {
		jdbc.update("""
				insert into device_model (model_key, vendor_id, device_id, variant, display_name, created_at,
				    created_by, updated_at)
				values (?, 32902, ?, ?, ?, now(), 'test', now())""", key, deviceId, variant, key);
	}

	private static void device(JdbcTemplate jdbc, long host, String address, byte[] config, String modelKey) {
		Layout layout = Devices.layout(config);
		jdbc.update("insert into host_device_layout (fingerprint, document) values (?, ?) on conflict do nothing",
				layout.fingerprint(), LayoutDocument.write(layout));
		jdbc.update("""
				insert into host_device (host_id, address, vendor_id, device_id, model_key, fingerprint, driver, config)
				values (?, ?, 32902, ?, ?, ?, 'vfio-pci', ?)""", host, address, layout.identity().deviceId(), modelKey,
				layout.fingerprint(), config);
	}

	private static Map<String, Object> row(JdbcTemplate jdbc, String address) {
		return jdbc.queryForMap("""
				select model_key, unmodelled_reason, subsystem_vendor_id, subsystem_id, revision_id, class_code
				from host_device where address = ?""", address);
	}

}
