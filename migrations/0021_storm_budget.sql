CREATE TABLE `delivery_budgets` (
	`coalesce_key` text PRIMARY KEY NOT NULL,
	`sends` integer NOT NULL,
	`last_sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `delivery_budgets_last_sent_idx` ON `delivery_budgets` (`last_sent_at`);--> statement-breakpoint
CREATE TABLE `alert_repeat_tallies` (
	`incident_id` integer NOT NULL,
	`alert_id` integer NOT NULL,
	`repeats` integer NOT NULL,
	`first_at` text NOT NULL,
	`last_at` text NOT NULL,
	PRIMARY KEY(`incident_id`, `alert_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alert_repeat_tallies_first_idx` ON `alert_repeat_tallies` (`first_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `held_until` integer;--> statement-breakpoint
CREATE INDEX `outbox_unclaimed_idx` ON `outbox` (`coalesce_key`) WHERE "outbox"."status" = 'pending' and "outbox"."held_until" is not null;