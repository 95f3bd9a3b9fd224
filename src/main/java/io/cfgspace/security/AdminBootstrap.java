package io.cfgspace.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On first start, with no users at all, creates the {@code admin} account: with the
 * password from {@code CFGSPACE_ADMIN_PASSWORD}, or else a random one printed once to the
 * log.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AdminBootstrap.class);

	private final AppUsers users;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final String configuredPassword;

	AdminBootstrap(AppUsers users, PasswordEncoder passwords, Clock clock,
			@Value("${CFGSPACE_ADMIN_PASSWORD:${cfgspace.admin-password:}}") String configuredPassword) {
		this.users = users;
		this.passwords = passwords;
		this.clock = clock;
		this.configuredPassword = configuredPassword;
	}

	@Override
	@Transactional
	public void run(ApplicationArguments args) {
		if (this.users.count() > 0) {
			return;
		}
		String password = this.configuredPassword;
		boolean generated = password.isBlank();
		if (generated) {
			byte[] bytes = new byte[18];
			new SecureRandom().nextBytes(bytes);
			password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
		this.users.save(new AppUser("admin", this.passwords.encode(password), Role.ADMIN, this.clock.instant(), false));
		if (generated) {
			logger.warn("Created the first account: user 'admin', password '{}' (shown once; set "
					+ "CFGSPACE_ADMIN_PASSWORD to choose it)", password);
		}
		else {
			logger.info("Created the first account: user 'admin', password from CFGSPACE_ADMIN_PASSWORD");
		}
	}

}
