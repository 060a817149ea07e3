CREATE TABLE `timeline_checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`number` integer NOT NULL,
	`seq` integer NOT NULL,
	`head_hash` text NOT NULL,
	`status` text NOT NULL,
	`at` text NOT NULL,
	`key_fingerprint` text NOT NULL,
	`signature` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timeline_checkpoints_incident_number_unique` ON `timeline_checkpoints` (`incident_id`,`number`);
--> statement-breakpoint
-- Checkpoints are signed records of fact, like the timeline they vouch for: refuse edits and deletes at the database
-- level. (Whoever drops these triggers still cannot sign a new checkpoint without the private key.)
CREATE TRIGGER `timeline_checkpoints_no_update` BEFORE UPDATE ON `timeline_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'timeline_checkpoints is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `timeline_checkpoints_no_delete` BEFORE DELETE ON `timeline_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'timeline_checkpoints is append-only');
END;
