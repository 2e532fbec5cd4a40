CREATE TABLE "referral_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"points" jsonb DEFAULT '{"submitted":0,"contacted":0,"qualified":0,"won":0}'::jsonb NOT NULL,
	"hold_days" integer,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_campaigns_hold_check" CHECK ("referral_campaigns"."hold_days" is null or "referral_campaigns"."hold_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "referral_links" (
	"code" text PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_links_member_key" UNIQUE("member_id")
);
--> statement-breakpoint
CREATE TABLE "referral_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"milestone" text NOT NULL,
	"round" smallint DEFAULT 1 NOT NULL,
	"points" integer NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"reversed_points" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_prospects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"domain" text NOT NULL,
	"name" text NOT NULL,
	"company" text,
	"title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_rules" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "referral_rules_one_row" CHECK ("referral_rules"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "referral_stage_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"amount" numeric(14, 2),
	"points_delta" integer DEFAULT 0 NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"idempotency_key" text,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"advocate_id" uuid NOT NULL,
	"prospect_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"stage" text DEFAULT 'submitted' NOT NULL,
	"review" text DEFAULT 'clear' NOT NULL,
	"hold_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hold_notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"amount" numeric(14, 2),
	"note" text,
	"source" text DEFAULT 'form' NOT NULL,
	"merged" boolean DEFAULT false NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"completion_id" uuid,
	"idempotency_key" text,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "referral_links" ADD CONSTRAINT "referral_links_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_payouts" ADD CONSTRAINT "referral_payouts_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_payouts" ADD CONSTRAINT "referral_payouts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_rules" ADD CONSTRAINT "referral_rules_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_stage_events" ADD CONSTRAINT "referral_stage_events_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_advocate_id_members_id_fk" FOREIGN KEY ("advocate_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_prospect_id_referral_prospects_id_fk" FOREIGN KEY ("prospect_id") REFERENCES "public"."referral_prospects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_campaign_id_referral_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."referral_campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_completion_id_completions_id_fk" FOREIGN KEY ("completion_id") REFERENCES "public"."completions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "referral_campaigns_one_default" ON "referral_campaigns" USING btree ("is_default") WHERE "referral_campaigns"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "referral_payouts_round_key" ON "referral_payouts" USING btree ("referral_id","milestone","round");--> statement-breakpoint
CREATE UNIQUE INDEX "referral_payouts_live_key" ON "referral_payouts" USING btree ("referral_id","milestone") WHERE "referral_payouts"."status" in ('pending','paid');--> statement-breakpoint
CREATE INDEX "referral_payouts_due_idx" ON "referral_payouts" USING btree ("due_at") WHERE "referral_payouts"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "referral_prospects_email_key" ON "referral_prospects" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "referral_prospects_domain_idx" ON "referral_prospects" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "referral_stage_events_referral_idx" ON "referral_stage_events" USING btree ("referral_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "referral_stage_events_idempotency_key" ON "referral_stage_events" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_advocate_prospect_key" ON "referrals" USING btree ("advocate_id","prospect_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_idempotency_key" ON "referrals" USING btree ("advocate_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "referrals_advocate_idx" ON "referrals" USING btree ("advocate_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "referrals_stage_idx" ON "referrals" USING btree ("stage","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "referrals_held_idx" ON "referrals" USING btree ("created_at") WHERE "referrals"."review" = 'held';--> statement-breakpoint
CREATE INDEX "referrals_device_idx" ON "referrals" USING btree ("ip","user_agent","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" USING btree ("prefix");