CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` integer NOT NULL,
	`ref` text NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`platform` text NOT NULL,
	`origin_channel_id` text,
	`planned_channel_name` text NOT NULL,
	`channel_id` text,
	`channel_name` text,
	`header_message_id` text,
	`lead_id` text NOT NULL,
	`declared_by` text NOT NULL,
	`declared_at` text NOT NULL,
	`acknowledged_at` text,
	`mitigated_at` text,
	`resolved_at` text,
	`closed_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_number_unique` ON `incidents` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_ref_unique` ON `incidents` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_channel_unique` ON `incidents` (`platform`,`channel_id`);--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`);--> statement-breakpoint
CREATE TABLE `incident_roles` (
	`incident_id` integer NOT NULL,
	`role` text NOT NULL,
	`user_id` text NOT NULL,
	`assigned_by` text NOT NULL,
	`assigned_at` text NOT NULL,
	PRIMARY KEY(`incident_id`, `role`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `timeline_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_incident_seq_unique` ON `timeline_entries` (`incident_id`,`seq`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`destination` text NOT NULL,
	`incident_id` integer,
	`intent` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`status`,`destination`,`id`);--> statement-breakpoint
CREATE TABLE `processed_requests` (
	`key` text PRIMARY KEY NOT NULL,
	`processed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sandbox_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`topic` text DEFAULT '' NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sandbox_channels_name_unique` ON `sandbox_channels` (`name`);--> statement-breakpoint
CREATE TABLE `sandbox_members` (
	`channel_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`channel_id`, `user_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `sandbox_channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sandbox_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` text NOT NULL,
	`author` text NOT NULL,
	`text` text NOT NULL,
	`blocks` text DEFAULT '[]' NOT NULL,
	`ephemeral_to` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `sandbox_channels`(`id`) ON UPDATE no action ON DELETE no action
);
