package dev.mercato.platform.backup;

import dev.mercato.platform.RecurringJob;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Registers the scheduled backup: a cluster job, so one instance takes it at each scheduled time. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class BackupConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BackupConfiguration.class);

    @Bean
    Backups backups(BackupProperties settings, Environment environment, Clock clock) {
        return new Backups(settings, environment, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "mercato.backup.enabled", havingValue = "true", matchIfMissing = true)
    RecurringJob backupDatabase(Backups backups, BackupProperties settings) {
        try {
            log.info("backups: {} with {} into {}", settings.schedule(), backups.pgDump(), settings.directory().toAbsolutePath());
        } catch (IllegalStateException missing) {
            log.warn("backups are scheduled ({}) but will fail: {}", settings.schedule(), missing.getMessage());
        }
        return RecurringJob.scheduled("platform.backup", settings.schedule(), backups::backupNow);
    }
}
