-- Hand-edited: drizzle-kit's rebuild selected the new columns from the old table; copy only the columns it has.
CREATE TABLE `alert_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`received_at` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`processed_at` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `alert_inbox_status_idx` ON `alert_inbox` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`fingerprint` text NOT NULL,
	`external_id` text,
	`incident_id` integer,
	`status` text NOT NULL,
	`severity` text NOT NULL,
	`priority` text NOT NULL,
	`title` text NOT NULL,
	`service` text,
	`normalized` text NOT NULL,
	`enrichment` text DEFAULT '{}' NOT NULL,
	`enrichment_ms` real,
	`received_count` integer DEFAULT 1 NOT NULL,
	`first_received_at` text NOT NULL,
	`last_received_at` text NOT NULL,
	`starts_at` text,
	`ends_at` text,
	`resolved_at` text,
	`triage` text DEFAULT 'none' NOT NULL,
	`triage_by` text,
	`triage_at` text,
	`triage_reason` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alerts_identity_idx` ON `alerts` (`source`,`fingerprint`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_incident_idx` ON `alerts` (`incident_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_incidents` (
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
	`lead_id` text,
	`declared_by` text,
	`origin` text DEFAULT 'manual' NOT NULL,
	`priority` text,
	`service` text,
	`detected_at` text,
	`alert_received_at` text,
	`declared_at` text NOT NULL,
	`acknowledged_at` text,
	`mitigated_at` text,
	`resolved_at` text,
	`closed_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_incidents`("id", "number", "ref", "title", "severity", "status", "platform", "origin_channel_id", "planned_channel_name", "channel_id", "channel_name", "header_message_id", "lead_id", "declared_by", "declared_at", "acknowledged_at", "mitigated_at", "resolved_at", "closed_at", "updated_at") SELECT "id", "number", "ref", "title", "severity", "status", "platform", "origin_channel_id", "planned_channel_name", "channel_id", "channel_name", "header_message_id", "lead_id", "declared_by", "declared_at", "acknowledged_at", "mitigated_at", "resolved_at", "closed_at", "updated_at" FROM `incidents`;--> statement-breakpoint
DROP TABLE `incidents`;--> statement-breakpoint
ALTER TABLE `__new_incidents` RENAME TO `incidents`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_number_unique` ON `incidents` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_ref_unique` ON `incidents` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_channel_unique` ON `incidents` (`platform`,`channel_id`);--> statement-breakpoint
CREATE INDEX `incidents_status_idx` ON `incidents` (`status`);