CREATE TABLE "achievements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "achievements_kind_check" CHECK ("achievements"."kind" in ('badge','level','challenge'))
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "home_intro_dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "program_settings" ADD COLUMN "member_editable_fields" text[] DEFAULT '{company,title}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "group_key" text;--> statement-breakpoint
ALTER TABLE "achievements" ADD CONSTRAINT "achievements_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "achievements_created_idx" ON "achievements" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "challenge_rounds_completed_idx" ON "challenge_rounds" USING btree ("completed_at" DESC NULLS LAST) WHERE "challenge_rounds"."status" = 'completed';--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_unread_group_key" ON "notifications" USING btree ("member_id","group_key") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "member_badges_granted_idx" ON "member_badges" USING btree ("granted_at" DESC NULLS LAST) WHERE "member_badges"."revoked_at" is null;--> statement-breakpoint
-- custom:begin
-- A grouped notification updated in place (a new points change merged into it) is pushed live like a new one.
CREATE TRIGGER "notifications_push_merged" AFTER UPDATE OF "data" ON "notifications"
  FOR EACH ROW WHEN (NEW."group_key" IS NOT NULL AND NEW."read_at" IS NULL)
  EXECUTE FUNCTION "notification_created_notify"();
-- custom:end
