CREATE TABLE `incident_response_days` (
	`day` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`incidents` integer NOT NULL,
	`mtta_ms` integer NOT NULL,
	`mtta_n` integer NOT NULL,
	`mttm_ms` integer NOT NULL,
	`mttm_n` integer NOT NULL,
	`mttr_ms` integer NOT NULL,
	`mttr_n` integer NOT NULL,
	`mttd_ms` integer NOT NULL,
	`mttd_n` integer NOT NULL,
	PRIMARY KEY(`day`, `dimension`, `value`)
);
--> statement-breakpoint
DROP INDEX `incidents_declared_at_idx`;--> statement-breakpoint
CREATE INDEX `incidents_stats_idx` ON `incidents` (`declared_at`,`drill_tag`,`service`,`severity`,`priority`,`resolved_at`,(julianday("acknowledged_at") - julianday("declared_at")) * 1440.0,(julianday("mitigated_at") - julianday("declared_at")) * 1440.0,(julianday("resolved_at") - julianday("declared_at")) * 1440.0,(julianday("declared_at") - julianday("detected_at")) * 1440.0);--> statement-breakpoint
DROP INDEX `playbook_runs_incident_idx`;--> statement-breakpoint
CREATE INDEX `playbook_runs_incident_idx` ON `playbook_runs` (`incident_id`,`playbook_id`,`detached_at`);--> statement-breakpoint
ALTER TABLE `incident_clocks` ADD `ended_at` text;--> statement-breakpoint
ALTER TABLE `incident_clocks` ADD `remind_at` text;--> statement-breakpoint
CREATE INDEX `incident_clocks_due_idx` ON `incident_clocks` (`remind_at`) WHERE "incident_clocks"."remind_at" is not null;--> statement-breakpoint
CREATE INDEX `timeline_resolves_idx` ON `timeline_entries` (`incident_id`,`seq`,("payload" ->> '$.openWork') is not null,`kind`,"payload" ->> '$.to') WHERE "timeline_entries"."kind" = 'status.changed' and "timeline_entries"."payload" ->> '$.to' = 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_last_received_idx` ON `alerts` (`last_received_at`);--> statement-breakpoint
CREATE INDEX `corrective_actions_open_due_idx` ON `corrective_actions` (`status`,`due_date`);
--> statement-breakpoint
-- Backfill: closing did not stop clocks before (the scheduler skipped closed incidents, reading them every pass):
-- end the clocks of closed incidents still running, at the close.
UPDATE `incident_clocks` SET `ended_at` = (
  SELECT coalesce(i.`closed_at`, i.`updated_at`) FROM `incidents` i WHERE i.`id` = `incident_clocks`.`incident_id`
)
WHERE `stopped_at` IS NULL AND `missed_at` IS NULL
  AND `incident_id` IN (SELECT `id` FROM `incidents` WHERE `status` = 'closed');
--> statement-breakpoint
-- Backfill: the clocks still running are due at once; the first pass after the upgrade claims what the last pass
-- before it had not (as that pass would have) and sets each one's next reminder.
UPDATE `incident_clocks` SET `remind_at` = `started_at`
WHERE `stopped_at` IS NULL AND `missed_at` IS NULL AND `ended_at` IS NULL;
--> statement-breakpoint
-- Response times per day and breakdown, kept by the triggers below (see schema/incident-response-days.ts).
-- Backfill: the incidents so far.
INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
SELECT substr(i.`declared_at`, 1, 10), 'all', 'null', count(*), coalesce(sum(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER))
FROM `incidents` i WHERE i.`drill_tag` IS NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
SELECT substr(i.`declared_at`, 1, 10), 'severity', json_quote(i.`severity`), count(*), coalesce(sum(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER))
FROM `incidents` i WHERE i.`drill_tag` IS NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
SELECT substr(i.`declared_at`, 1, 10), 'service', json_quote(i.`service`), count(*), coalesce(sum(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER))
FROM `incidents` i WHERE i.`drill_tag` IS NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
SELECT substr(i.`declared_at`, 1, 10), 'priority', json_quote(i.`priority`), count(*), coalesce(sum(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`acknowledged_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`mitigated_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`resolved_at`) - julianday(i.`declared_at`)) * 86400000.0) AS INTEGER)), coalesce(sum(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER)), 0), count(CAST(ROUND((julianday(i.`declared_at`) - julianday(i.`detected_at`)) * 86400000.0) AS INTEGER))
FROM `incidents` i WHERE i.`drill_tag` IS NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TRIGGER `incident_response_days_insert` AFTER INSERT ON `incidents`
BEGIN
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'all', 'null', 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'severity', json_quote(NEW.`severity`), 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'service', json_quote(NEW.`service`), 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'priority', json_quote(NEW.`priority`), 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_response_days_update` AFTER UPDATE OF `declared_at`, `drill_tag`, `severity`, `service`, `priority`, `detected_at`, `acknowledged_at`, `mitigated_at`, `resolved_at` ON `incidents`
BEGIN
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'all', 'null', -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'severity', json_quote(OLD.`severity`), -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'service', json_quote(OLD.`service`), -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'priority', json_quote(OLD.`priority`), -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'all', 'null', 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'severity', json_quote(NEW.`severity`), 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'service', json_quote(NEW.`service`), 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(NEW.`declared_at`, 1, 10), 'priority', json_quote(NEW.`priority`), 1,
    coalesce(CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`acknowledged_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`mitigated_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`resolved_at`) - julianday(NEW.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    coalesce(CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    (CAST(ROUND((julianday(NEW.`declared_at`) - julianday(NEW.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE NEW.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_response_days_delete` AFTER DELETE ON `incidents`
BEGIN
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'all', 'null', -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'severity', json_quote(OLD.`severity`), -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'service', json_quote(OLD.`service`), -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
  INSERT INTO `incident_response_days` (`day`, `dimension`, `value`, `incidents`, `mtta_ms`, `mtta_n`, `mttm_ms`, `mttm_n`, `mttr_ms`, `mttr_n`, `mttd_ms`, `mttd_n`)
  SELECT substr(OLD.`declared_at`, 1, 10), 'priority', json_quote(OLD.`priority`), -1,
    -coalesce(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`acknowledged_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`mitigated_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`resolved_at`) - julianday(OLD.`declared_at`)) * 86400000.0) AS INTEGER) IS NOT NULL),
    -coalesce(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER), 0),
    -(CAST(ROUND((julianday(OLD.`declared_at`) - julianday(OLD.`detected_at`)) * 86400000.0) AS INTEGER) IS NOT NULL)
  WHERE OLD.`drill_tag` IS NULL
  ON CONFLICT (`day`, `dimension`, `value`) DO UPDATE SET `incidents` = `incidents` + excluded.`incidents`, `mtta_ms` = `mtta_ms` + excluded.`mtta_ms`, `mtta_n` = `mtta_n` + excluded.`mtta_n`, `mttm_ms` = `mttm_ms` + excluded.`mttm_ms`, `mttm_n` = `mttm_n` + excluded.`mttm_n`, `mttr_ms` = `mttr_ms` + excluded.`mttr_ms`, `mttr_n` = `mttr_n` + excluded.`mttr_n`, `mttd_ms` = `mttd_ms` + excluded.`mttd_ms`, `mttd_n` = `mttd_n` + excluded.`mttd_n`;
END;
