ALTER TABLE `alert_inbox` ADD `identities` text;--> statement-breakpoint
ALTER TABLE `alert_inbox` ADD `collapse_key` text;--> statement-breakpoint
ALTER TABLE `alert_inbox` ADD `repeats` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `alert_inbox` ADD `last_received_at` text;--> statement-breakpoint
ALTER TABLE `alert_inbox` ADD `urgent` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `alert_inbox_urgent_idx` ON `alert_inbox` (`status`,`urgent`,`id`);