package io.cfgspace.verification;

import java.time.Clock;
import java.util.List;

import io.cfgspace.system.NotFound;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The quirk registry: devices whose gaps hold registers. */
@Service
public class QuirkService {

	private final QuirkRecords quirks;

	private final Clock clock;

	QuirkService(QuirkRecords quirks, Clock clock) {
		this.quirks = quirks;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<QuirkRecord> list() {
		return this.quirks.findAllByOrderById();
	}

	@Transactional(readOnly = true)
	public QuirkRecord get(long id) {
		return this.quirks.findById(id).orElseThrow(() -> notFound(id));
	}

	/** The quirks of one device (every revision; {@link Quirk#appliesTo} narrows). */
	@Transactional(readOnly = true)
	public List<Quirk> forDevice(int vendorId, int deviceId) {
		return this.quirks.findByVendorIdAndDeviceId(vendorId, deviceId).stream().map(QuirkRecord::toQuirk).toList();
	}

	@Transactional
	public QuirkRecord create(Quirk quirk, String actor) {
		// timestamptz keeps microseconds: the answer must say what a later read says
		return this.quirks.save(new QuirkRecord(quirk, actor, this.clock.instant()));
	}

	@Transactional
	public QuirkRecord change(long id, Quirk quirk) {
		QuirkRecord record = get(id);
		record.change(quirk);
		return record;
	}

	@Transactional
	public void delete(long id) {
		this.quirks.delete(get(id));
	}

	private static NotFound notFound(long id) {
		return new NotFound("quirk-not-found", "no quirk with id " + id);
	}

}
