ALTER TABLE `outbox` ADD `coalesce_key` text;--> statement-breakpoint
CREATE INDEX `outbox_coalesce_idx` ON `outbox` (`coalesce_key`,`id`);--> statement-breakpoint
-- Backfill rows still waiting, with the keys coalesceKey() gives (src/core/outbox/outbox-intent.ts).
UPDATE `outbox` SET `coalesce_key` = CASE json_extract(`intent`, '$.type')
  WHEN 'warroom.header' THEN 'warroom.header:' || json_extract(`intent`, '$.incidentId')
  WHEN 'warroom.alerts' THEN 'warroom.alerts:' || json_extract(`intent`, '$.incidentId')
  WHEN 'triage.post' THEN 'triage.post:' || json_extract(`intent`, '$.alertId')
  WHEN 'approval.post' THEN 'approval.post:' || json_extract(`intent`, '$.approvalId')
  WHEN 'playbook.stage' THEN 'playbook.stage:' || json_extract(`intent`, '$.runId') || ':' || json_extract(`intent`, '$.stageId')
END
WHERE `status` = 'pending';
