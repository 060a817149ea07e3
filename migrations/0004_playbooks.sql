CREATE TABLE `playbook_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`playbook_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`status` text NOT NULL,
	`attached_at` text NOT NULL,
	`attached_by` text NOT NULL,
	`reason` text NOT NULL,
	`detached_at` text,
	`stage_starts` text DEFAULT '{}' NOT NULL,
	`stage_messages` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `playbook_runs_incident_idx` ON `playbook_runs` (`incident_id`);--> statement-breakpoint
CREATE TABLE `playbook_steps` (
	`run_id` integer NOT NULL,
	`step_id` text NOT NULL,
	`status` text NOT NULL,
	`claimed_by` text,
	`done_by` text,
	`done_at` text,
	`reason` text,
	`answer` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`run_id`, `step_id`),
	FOREIGN KEY (`run_id`) REFERENCES `playbook_runs`(`id`) ON UPDATE no action ON DELETE no action
);
