package io.cfgspace.registry;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** The stored device models. */
public interface DeviceModels extends Repository<DeviceModel, Long> {

	DeviceModel save(DeviceModel model);

	Optional<DeviceModel> findByKey(String key);

	Optional<DeviceModel> findById(Long id);

	/** Locks the model row: pins of one model are numbered one at a time. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select m from DeviceModel m where m.key = :key")
	Optional<DeviceModel> lockByKey(@Param("key") String key);

	List<DeviceModel> findByVendorIdAndDeviceId(int vendorId, int deviceId);

	@Query("""
			select m from DeviceModel m
			where m.id > :after
			  and (:vendorId is null or m.vendorId = :vendorId)
			  and (:deviceId is null or m.deviceId = :deviceId)
			  and (:text is null or lower(m.displayName) like lower(concat('%', cast(:text as string), '%')) escape '\\'
			       or m.key like concat('%', cast(:text as string), '%') escape '\\')
			order by m.id""")
	List<DeviceModel> page(@Param("after") long after, @Param("vendorId") Integer vendorId,
			@Param("deviceId") Integer deviceId, @Param("text") String text, Limit limit);

}
