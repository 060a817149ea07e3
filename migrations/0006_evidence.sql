CREATE TABLE `custody_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`item_id` integer NOT NULL,
	`item_digest` text NOT NULL,
	`at` text NOT NULL,
	`tz` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`purpose` text NOT NULL,
	`location` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `evidence_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `custody_incident_seq_unique` ON `custody_entries` (`incident_id`,`seq`);--> statement-breakpoint
CREATE INDEX `custody_item_idx` ON `custody_entries` (`item_id`);--> statement-breakpoint
CREATE TABLE `evidence_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`source` text NOT NULL,
	`collected_by` text NOT NULL,
	`collected_at` text NOT NULL,
	`tz` text NOT NULL,
	`storage_path` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_items_incident_sha_unique` ON `evidence_items` (`incident_id`,`sha256`);