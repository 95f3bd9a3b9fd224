package io.cfgspace.security;

import java.util.Optional;

import org.springframework.data.repository.Repository;

interface AppUsers extends Repository<AppUser, Long> {

	AppUser save(AppUser user);

	Optional<AppUser> findByUsername(String username);

	long count();

}
