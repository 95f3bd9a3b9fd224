package io.cfgspace.verification;

import java.time.Clock;
import java.util.List;

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

	QuirkService(QuirkRecords quirks, Clock clock, ChangeFeed changes) {
		this.quirks = quirks;
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
