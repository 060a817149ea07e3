ALTER TABLE `incidents` ADD `alerts_message_id` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `triage_channel_id` text;--> statement-breakpoint
ALTER TABLE `alerts` ADD `triage_message_id` text;