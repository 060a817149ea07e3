CREATE TABLE `teams_conversations` (
	`key` text PRIMARY KEY NOT NULL,
	`service_url` text NOT NULL,
	`conversation_id` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `people` ADD `platform_id` text;