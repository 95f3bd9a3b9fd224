package io.cfgspace.registry;

import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Stored layout content, by fingerprint. */
interface LayoutContents extends Repository<LayoutContent, String> {

	Optional<LayoutContent> findByFingerprint(String fingerprint);

	/**
	 * Stores the content unless an equal one is there: content is shared, never
	 * rewritten.
	 */
	@Modifying
	@Query(value = """
			insert into layout_content (fingerprint, canonical, canonical_sha256, document)
			values (:fingerprint, :canonical, :canonicalSha256, cast(:canonical as jsonb))
			on conflict (fingerprint) do nothing""", nativeQuery = true)
	void insertIfAbsent(@Param("fingerprint") String fingerprint, @Param("canonical") String canonical,
			@Param("canonicalSha256") String canonicalSha256);

}
