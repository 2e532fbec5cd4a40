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
ALTER TABLE "reference_requests" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "reference_requests" ADD COLUMN "outcome_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reference_recruitments" ADD CONSTRAINT "reference_recruitments_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reference_demand_source_idx" ON "reference_demand" USING btree ("source");