package io.cfgspace.verification;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface QuirkRecords extends Repository<QuirkRecord, Long> {

	QuirkRecord save(QuirkRecord quirk);

	Optional<QuirkRecord> findById(Long id);

	List<QuirkRecord> findAllByOrderById();

	List<QuirkRecord> findByVendorIdAndDeviceId(int vendorId, int deviceId);

	void delete(QuirkRecord quirk);

}
