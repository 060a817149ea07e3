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
