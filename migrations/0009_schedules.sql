CREATE TABLE `incident_clocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`clock_id` text NOT NULL,
	`title` text NOT NULL,
	`started_at` text NOT NULL,
	`deadline` text NOT NULL,
	`stopped_at` text,
	`stopped_by` text,
	`missed_at` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_clocks_incident_idx` ON `incident_clocks` (`incident_id`);--> statement-breakpoint
CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sent_reminders` (
	`key` text PRIMARY KEY NOT NULL,
	`incident_id` integer,
	`sent_at` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
