package io.cfgspace.registry;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Pinned versions. */
interface Pins extends Repository<Pin, Long> {

	Pin save(Pin pin);

	Optional<Pin> findByDeviceModelIdAndVersion(Long deviceModelId, int version);

	Optional<Pin> findByDeviceModelIdAndFingerprint(Long deviceModelId, String fingerprint);

	List<Pin> findByDeviceModelIdOrderByVersion(Long deviceModelId);

	List<Pin> findByFingerprintOrderById(String fingerprint);

	List<Pin> findByStateOrderById(String state);

	@Query("select coalesce(max(p.version), 0) from Pin p where p.deviceModelId = :modelId")
	int maxVersion(@Param("modelId") Long modelId);

}
