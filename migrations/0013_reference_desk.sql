CREATE TABLE "ask_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"account" text NOT NULL,
	"kind" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text NOT NULL,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rest_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reference_asks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"activity" text NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"message" text,
	"points" integer DEFAULT 0 NOT NULL,
	"slots" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL,
	"scheduled_at" timestamp with time zone,
	"decline_reason" text,
	"decline_note" text,
	"advocate_confirmed_at" timestamp with time zone,
	"requester_confirmed_at" timestamp with time zone,
	"sent_by" uuid NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "reference_asks_status_check" CHECK ("reference_asks"."status" in ('sent','accepted','declined','scheduled','completed','no_show','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "reference_demand" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"opportunity" text,
	"product" text NOT NULL,
	"industry" text,
	"region" text,
	"company_size" text,
	"amount" integer,
	"references_needed" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_demand_source_check" CHECK ("reference_demand"."source" in ('pipeline','forecast')),
	CONSTRAINT "reference_demand_needed_check" CHECK ("reference_demand"."references_needed" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reference_profiles" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"opted_in" boolean DEFAULT false NOT NULL,
	"products" text[] DEFAULT '{}'::text[] NOT NULL,
	"industry" text,
	"region" text,
	"company_size" text,
	"activities" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"blackouts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_recruitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cell" jsonb NOT NULL,
	"segment_id" uuid,
	"challenge_id" uuid,
	"reaches" integer NOT NULL,
	"candidate_ids" uuid[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requester_id" uuid NOT NULL,
	"opportunity" text NOT NULL,
	"prospect_company" text,
	"amount" integer,
	"product" text NOT NULL,
	"industry" text,
	"region" text,
	"company_size" text,
	"language" text,
	"activity" text NOT NULL,
	"due_at" date NOT NULL,
	"notes" text,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"outcome_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fulfilled_at" timestamp with time zone,
	CONSTRAINT "reference_requests_status_check" CHECK ("reference_requests"."status" in ('open','fulfilled','cancelled')),
	CONSTRAINT "reference_requests_amount_check" CHECK ("reference_requests"."amount" is null or "reference_requests"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "reference_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reference_settings_single_row" CHECK ("reference_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "member_roles" DROP CONSTRAINT "member_roles_role_check";--> statement-breakpoint
ALTER TABLE "ask_ledger" ADD CONSTRAINT "ask_ledger_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_asks" ADD CONSTRAINT "reference_asks_request_id_reference_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."reference_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_asks" ADD CONSTRAINT "reference_asks_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_asks" ADD CONSTRAINT "reference_asks_sent_by_members_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_profiles" ADD CONSTRAINT "reference_profiles_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_recruitments" ADD CONSTRAINT "reference_recruitments_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_requests" ADD CONSTRAINT "reference_requests_requester_id_members_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ask_ledger_source_key" ON "ask_ledger" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "ask_ledger_member_idx" ON "ask_ledger" USING btree ("member_id","asked_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ask_ledger_account_idx" ON "ask_ledger" USING btree ("account","asked_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "reference_asks_request_member_key" ON "reference_asks" USING btree ("request_id","member_id");--> statement-breakpoint
CREATE INDEX "reference_asks_member_idx" ON "reference_asks" USING btree ("member_id","sent_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reference_demand_source_idx" ON "reference_demand" USING btree ("source");--> statement-breakpoint
CREATE INDEX "reference_profiles_opted_in_idx" ON "reference_profiles" USING btree ("member_id") WHERE "reference_profiles"."opted_in";--> statement-breakpoint
CREATE INDEX "reference_requests_requester_idx" ON "reference_requests" USING btree ("requester_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reference_requests_status_idx" ON "reference_requests" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "member_roles" ADD CONSTRAINT "member_roles_role_check" CHECK ("member_roles"."role" in ('advocate','admin','moderator','requester'));