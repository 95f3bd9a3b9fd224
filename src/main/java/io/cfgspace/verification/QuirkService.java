package io.cfgspace.verification;

import java.time.Clock;
import java.util.List;

import io.cfgspace.system.ChangeFeed;
import io.cfgspace.system.NotFound;
import io.cfgspace.system.NotifiedCache;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The quirk registry: devices whose gaps hold registers. */
@Service
public class QuirkService {

	private static final TypeReference<List<Quirk.Range>> RANGES = new TypeReference<>() {
	};

	private final QuirkRecords quirks;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final ChangeFeed changes;

	private final NotifiedCache<Integer, List<Quirk>> byDevice;

	QuirkService(QuirkRecords quirks, JdbcTemplate jdbc, JsonMapper json, Clock clock, ChangeFeed changes) {
		this.quirks = quirks;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.changes = changes;
		this.byDevice = changes.cache(100_000);
	}

	@Transactional(readOnly = true)
	public List<QuirkRecord> list() {
		return this.quirks.findAllByOrderById();
	}

	@Transactional(readOnly = true)
	public QuirkRecord get(long id) {
		return this.quirks.findById(id).orElseThrow(() -> notFound(id));
	}

	/**
	 * The quirks of one device (every revision; {@link Quirk#appliesTo} narrows). Every
	 * verification asks: the answer is kept until a quirk changes (see
	 * {@link ChangeFeed}), and read with one plain statement, no transaction, no
	 * entities.
	 */
	public List<Quirk> forDevice(int vendorId, int deviceId) {
		return this.byDevice.get((vendorId << 16) | deviceId, (device) -> List.copyOf(read(vendorId, deviceId)));
	}

	private List<Quirk> read(int vendorId, int deviceId) {
		return this.jdbc.query("""
				select revision_id, all_gaps, ranges, reason from quirk
				where vendor_id = ? and device_id = ? order by id""",
				(rs, row) -> new Quirk(vendorId, deviceId, (Integer) rs.getObject("revision_id"),
						rs.getBoolean("all_gaps"), this.json.readValue(rs.getString("ranges"), RANGES),
						rs.getString("reason")),
				vendorId, deviceId);
	}

	@Transactional
	public QuirkRecord create(Quirk quirk, String actor) {
		// timestamptz keeps microseconds: the answer must say what a later read says
		this.changes.changedHere();
		return this.quirks.save(new QuirkRecord(quirk, actor, this.clock.instant()));
	}

	@Transactional
	public QuirkRecord change(long id, Quirk quirk) {
		QuirkRecord record = get(id);
		record.change(quirk);
		this.changes.changedHere();
		return record;
	}

	@Transactional
	public void delete(long id) {
		this.quirks.delete(get(id));
		this.changes.changedHere();
	}

	private static NotFound notFound(long id) {
		return new NotFound("quirk-not-found", "no quirk with id " + id);
	}

}
