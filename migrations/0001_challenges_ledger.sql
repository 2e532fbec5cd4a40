CREATE TABLE "point_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"delta" integer NOT NULL,
	"lifetime_delta" integer NOT NULL,
	"kind" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"reason" text NOT NULL,
	"idempotency_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "point_entries_kind_check" CHECK ("point_entries"."kind" in ('earn','redeem','refund','adjust','expire','reversal'))
);
--> statement-breakpoint
CREATE TABLE "challenge_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"challenge_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"points" integer DEFAULT 0 NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "challenge_stages_points_nonnegative" CHECK ("challenge_stages"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"category" text DEFAULT 'advocacy' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp with time zone,
	"expire_at" timestamp with time zone,
	"repeat_mode" text DEFAULT 'once' NOT NULL,
	"repeat_limit" integer DEFAULT 1 NOT NULL,
	"max_completions" integer,
	"completions_count" integer DEFAULT 0 NOT NULL,
	"completion_bonus" integer DEFAULT 0 NOT NULL,
	"featured" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"image_url" text,
	"targeting" jsonb DEFAULT '{"includeSegmentIds":[],"includeGroupIds":[],"excludeSegmentIds":[],"excludeGroupIds":[]}'::jsonb NOT NULL,
	"prerequisites" jsonb DEFAULT '{"challengeIds":[],"minLevelRank":null}'::jsonb NOT NULL,
	"badge_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenges_completions_within_cap" CHECK ("challenges"."max_completions" is null or "challenges"."completions_count" <= "challenges"."max_completions"),
	CONSTRAINT "challenges_repeat_limit_positive" CHECK ("challenges"."repeat_limit" >= 1)
);
--> statement-breakpoint
CREATE TABLE "challenge_progress" (
	"member_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"rounds_completed" integer DEFAULT 0 NOT NULL,
	"last_completed_at" timestamp with time zone,
	CONSTRAINT "challenge_progress_member_id_challenge_id_pk" PRIMARY KEY("member_id","challenge_id")
);
--> statement-breakpoint
CREATE TABLE "challenge_rounds" (
	"member_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "challenge_rounds_member_id_challenge_id_round_pk" PRIMARY KEY("member_id","challenge_id","round")
);
--> statement-breakpoint
CREATE TABLE "completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"response" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"score" integer,
	"status" text NOT NULL,
	"points_awarded" integer DEFAULT 0 NOT NULL,
	"feedback" text,
	"reviewer_id" uuid,
	"reviewed_at" timestamp with time zone,
	"reversed_at" timestamp with time zone,
	"idempotency_key" text,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "completions_status_check" CHECK ("completions"."status" in ('pending','approved','rejected','retry'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "last_nps" integer;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "last_nps_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "point_entries" ADD CONSTRAINT "point_entries_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_stages" ADD CONSTRAINT "challenge_stages_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_progress" ADD CONSTRAINT "challenge_progress_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_progress" ADD CONSTRAINT "challenge_progress_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_rounds" ADD CONSTRAINT "challenge_rounds_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_rounds" ADD CONSTRAINT "challenge_rounds_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_stage_id_challenge_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."challenge_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "completions" ADD CONSTRAINT "completions_reviewer_id_members_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "point_entries_member_idx" ON "point_entries" USING btree ("member_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "point_entries_source_once" ON "point_entries" USING btree ("kind","source_type","source_id") WHERE "point_entries"."source_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "point_entries_idempotency_key" ON "point_entries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "challenge_stages_challenge_idx" ON "challenge_stages" USING btree ("challenge_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "challenge_stages_live_position" ON "challenge_stages" USING btree ("challenge_id","position") WHERE "challenge_stages"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "challenges_status_idx" ON "challenges" USING btree ("status");--> statement-breakpoint
CREATE INDEX "challenge_rounds_day_idx" ON "challenge_rounds" USING btree ("member_id","challenge_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "completions_member_idempotency" ON "completions" USING btree ("member_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "completions_stage_round_live" ON "completions" USING btree ("member_id","stage_id","round") WHERE "completions"."status" in ('pending','approved');--> statement-breakpoint
CREATE INDEX "completions_member_challenge_idx" ON "completions" USING btree ("member_id","challenge_id","round");--> statement-breakpoint
CREATE INDEX "completions_status_idx" ON "completions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "notifications_member_idx" ON "notifications" USING btree ("member_id","created_at" DESC NULLS LAST);