package io.cfgspace.system;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the REST contract, {@code openapi.yaml} at the top of the repository, which the
 * build ships on the classpath. A controller rather than a static resource, because
 * neither Tomcat nor Spring knows the {@code application/yaml} type (RFC 9512).
 */
@RestController
class OpenApiController {

	static final String APPLICATION_YAML = "application/yaml";

	private final Resource document = new ClassPathResource("openapi.yaml");

	@GetMapping(path = "/openapi.yaml", produces = APPLICATION_YAML)
	ResponseEntity<Resource> document() {
		return ResponseEntity.ok(this.document);
	}

}
