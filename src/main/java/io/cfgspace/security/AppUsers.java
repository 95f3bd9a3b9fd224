package io.cfgspace.security;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.repository.Repository;

interface AppUsers extends Repository<AppUser, Long> {

	AppUser save(AppUser user);

	Optional<AppUser> findByUsername(String username);

	List<AppUser> findAllByOrderByUsername();

	/**
	 * The enabled admins, locked: two admins demoting each other at once must not leave
	 * none.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	List<AppUser> findByRoleAndDisabledAtIsNull(String role);

	long count();

}
