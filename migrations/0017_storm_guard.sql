CREATE TABLE `storms` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL,
	`last_joined_at` text NOT NULL,
	`rolled_up_at` text NOT NULL,
	`max_war_rooms` integer NOT NULL,
	`window_minutes` real NOT NULL,
	`joined` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `war_room_demands` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_id` integer NOT NULL,
	`incident_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`at` text NOT NULL,
	`recorded` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `war_room_demands_at_idx` ON `war_room_demands` (`at`);--> statement-breakpoint
CREATE INDEX `war_room_demands_incident_idx` ON `war_room_demands` (`incident_id`,`recorded`);