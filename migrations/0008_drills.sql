ALTER TABLE `incidents` ADD `drill_tag` text;--> statement-breakpoint
ALTER TABLE `alert_inbox` ADD `drill_tag` text;