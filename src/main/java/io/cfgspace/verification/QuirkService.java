package io.cfgspace.verification;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditTrail;
import io.cfgspace.system.ChangeFeed;
import io.cfgspace.system.NotFound;
import io.cfgspace.system.NotifiedCache;
import io.cfgspace.verification.core.Quirk;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The quirk registry: devices whose gaps hold registers. */
@Service
public class QuirkService {

	private final QuirkRecords quirks;

	private final Clock clock;

	private final ChangeFeed changes;

	private final NotifiedCache<Integer, List<Quirk>> byDevice;

	private final AuditTrail audit;

	QuirkService(QuirkRecords quirks, Clock clock, ChangeFeed changes, AuditTrail audit) {
		this.quirks = quirks;
		this.audit = audit;
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
	 * verification asks, so the answer is kept until a quirk changes (see
	 * {@link ChangeFeed}).
	 */
	public List<Quirk> forDevice(int vendorId, int deviceId) {
		return this.byDevice.get((vendorId << 16) | deviceId,
				(device) -> this.quirks.findByVendorIdAndDeviceId(vendorId, deviceId)
					.stream()
					.map(QuirkRecord::toQuirk)
					.toList());
	}

	@Transactional
	public QuirkRecord create(Quirk quirk, String actor) {
		this.changes.changedHere();
		// timestamptz keeps microseconds: the answer must say what a later read says
		QuirkRecord record = this.quirks.save(new QuirkRecord(quirk, actor, this.clock.instant()));
		this.audit.record(AuditAction.QUIRK_CREATED, subject(record), Map.of());
		return record;
	}

	@Transactional
	public QuirkRecord change(long id, Quirk quirk) {
		QuirkRecord record = get(id);
		String before = subject(record);
		record.change(quirk);
		this.changes.changedHere();
		this.audit.record(AuditAction.QUIRK_CHANGED, subject(record), Map.of("before", before));
		return record;
	}

	@Transactional
	public void delete(long id) {
		QuirkRecord record = get(id);
		this.quirks.delete(record);
		this.changes.changedHere();
		this.audit.record(AuditAction.QUIRK_DELETED, subject(record), Map.of());
	}

	/** "quirk 12 (8086:0b25)": the id a URL names and the device an admin knows. */
	private static String subject(QuirkRecord record) {
		Quirk quirk = record.toQuirk();
		return String.format("quirk %d (%04x:%04x)", record.id(), quirk.vendorId(), quirk.deviceId());
	}

	private static NotFound notFound(long id) {
		return new NotFound("quirk-not-found", "no quirk with id " + id);
	}

}
