package io.cfgspace.registry;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface PinDeprecations extends Repository<PinDeprecation, Long> {

	PinDeprecation save(PinDeprecation deprecation);

	Optional<PinDeprecation> findByPinId(Long pinId);

	List<PinDeprecation> findByPinIdIn(Collection<Long> pinIds);

}
