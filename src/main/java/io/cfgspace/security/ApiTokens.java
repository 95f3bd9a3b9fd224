package io.cfgspace.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface ApiTokens extends Repository<ApiToken, Long> {

	ApiToken save(ApiToken token);

	Optional<ApiToken> findById(Long id);

	Optional<ApiToken> findByTokenHash(String tokenHash);

	List<ApiToken> findAllByOrderById();

	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update ApiToken t set t.revokedAt = :now where t.createdBy = :username and t.revokedAt is null")
	int revokeAllCreatedBy(@Param("username") String username, @Param("now") Instant now);

}
