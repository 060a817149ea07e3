CREATE TABLE `approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`step_id` text NOT NULL,
	`action` text NOT NULL,
	`params` text NOT NULL,
	`approver_role` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`reason` text,
	`executor` text,
	`result` text,
	`finished_at` text,
	`message_id` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `playbook_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approvals_status_idx` ON `approvals` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `approvals_one_open_per_step` ON `approvals` (`run_id`,`step_id`) WHERE status in ('pending', 'approved');