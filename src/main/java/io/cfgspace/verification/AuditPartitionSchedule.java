package io.cfgspace.verification;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Creates the audit's coming months at start and every hour after, so that a verdict
 * finds its month's partition. Missing one is harmless (the default partition takes the
 * verdict, and the month's creation moves it), so a failed run is logged and retried.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditPartitionSchedule {

	private static final Log logger = LogFactory.getLog(AuditPartitionSchedule.class);

	private final AuditPartitions partitions;

	AuditPartitionSchedule(AuditPartitions partitions) {
		this.partitions = partitions;
	}

	@Scheduled(initialDelayString = "PT0S", fixedDelayString = "${cfgspace.audit.partition-interval:PT1H}")
	void createAhead() {
		try {
			List<?> created = this.partitions.createAhead();
			if (!created.isEmpty()) {
				logger.info("Created audit partitions for " + created);
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Could not create the coming months' audit partitions; verdicts go to the default"
					+ " partition until a later run creates them: " + ex.getMessage());
		}
	}

}
