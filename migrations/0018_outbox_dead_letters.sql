CREATE TABLE `outbox_dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`method` text NOT NULL,
	`error` text NOT NULL,
	`dead_at` text NOT NULL,
	`resolution` text,
	`resolved_at` text,
	`resolved_by` text
);
--> statement-breakpoint
CREATE INDEX `outbox_dead_letters_outbox_idx` ON `outbox_dead_letters` (`outbox_id`,`id`);
--> statement-breakpoint
-- Rows dead-lettered before this table existed count too: method and code from last_error ("chat.postMessage:
-- channel_not_found"), as deadLetterCause() labels them (src/outbox/dead-letter-fix.ts); anything else is `refused`.
INSERT INTO `outbox_dead_letters` (`outbox_id`, `method`, `error`, `dead_at`)
SELECT `id`,
  CASE WHEN `code` IS NOT NULL THEN substr(`last_error`, 1, instr(`last_error`, ': ') - 1) ELSE json_extract(`intent`, '$.type') END,
  coalesce(`code`, 'refused'),
  coalesce(`sent_at`, `created_at`)
FROM (
  SELECT *, CASE
    WHEN instr(coalesce(`last_error`, ''), ': ') > 0
      AND substr(`last_error`, instr(`last_error`, ': ') + 2) <> ''
      AND substr(`last_error`, instr(`last_error`, ': ') + 2) NOT GLOB '*[^a-z_]*'
    THEN substr(`last_error`, instr(`last_error`, ': ') + 2)
  END AS `code`
  FROM `outbox` WHERE `status` = 'dead'
);
