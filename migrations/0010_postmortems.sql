CREATE TABLE `corrective_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`postmortem_id` integer NOT NULL,
	`incident_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`owner_id` text NOT NULL,
	`due_date` text NOT NULL,
	`kind` text NOT NULL,
	`verification` text NOT NULL,
	`links` text NOT NULL,
	`status` text NOT NULL,
	`evidence` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`done_by` text,
	`done_at` text,
	`verified_by` text,
	`verified_at` text,
	FOREIGN KEY (`postmortem_id`) REFERENCES `postmortems`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `corrective_actions_number_unique` ON `corrective_actions` (`postmortem_id`,`number`);--> statement-breakpoint
CREATE INDEX `corrective_actions_incident_idx` ON `corrective_actions` (`incident_id`);--> statement-breakpoint
CREATE TABLE `postmortem_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`postmortem_id` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`author` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`postmortem_id`) REFERENCES `postmortems`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `postmortem_notes_postmortem_idx` ON `postmortem_notes` (`postmortem_id`);--> statement-breakpoint
CREATE TABLE `postmortem_whys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`postmortem_id` integer NOT NULL,
	`chain` integer NOT NULL,
	`depth` integer NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`author` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`postmortem_id`) REFERENCES `postmortems`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `postmortem_whys_position_unique` ON `postmortem_whys` (`postmortem_id`,`chain`,`depth`);--> statement-breakpoint
CREATE TABLE `postmortems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`state` text NOT NULL,
	`problem` text NOT NULL,
	`category` text,
	`current_chain` integer NOT NULL,
	`started_by` text NOT NULL,
	`started_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`finalized_by` text,
	`finalized_at` text,
	`markdown` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `postmortems_incident_unique` ON `postmortems` (`incident_id`);