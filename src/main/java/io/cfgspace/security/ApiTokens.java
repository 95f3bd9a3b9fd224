package io.cfgspace.security;

import java.util.List;
import java.util.Optional;

import org.springframework.data.repository.Repository;

interface ApiTokens extends Repository<ApiToken, Long> {

	ApiToken save(ApiToken token);

	Optional<ApiToken> findById(Long id);

	Optional<ApiToken> findByTokenHash(String tokenHash);

	List<ApiToken> findAllByOrderById();

}
