CREATE TABLE `people` (
	`user_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`updated_at` text NOT NULL
);
