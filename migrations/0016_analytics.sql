CREATE TABLE "analytics_act_values" (
	"type" text PRIMARY KEY NOT NULL,
	"value_cents" integer DEFAULT 0 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_act_values_nonnegative" CHECK ("analytics_act_values"."value_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "analytics_challenge_types" (
	"challenge_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leak_activation_members" (
	"activation_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "leak_activation_members_activation_id_member_id_pk" PRIMARY KEY("activation_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "leak_activations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"days" integer NOT NULL,
	"segment_id" uuid,
	"segment_name" text,
	"group_id" uuid,
	"challenge_ids" uuid[] NOT NULL,
	"cohort_size" integer NOT NULL,
	"idempotency_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leak_ladder" (
	"position" integer PRIMARY KEY NOT NULL,
	"challenge_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics_act_values" ADD CONSTRAINT "analytics_act_values_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_challenge_types" ADD CONSTRAINT "analytics_challenge_types_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_activation_members" ADD CONSTRAINT "leak_activation_members_activation_id_leak_activations_id_fk" FOREIGN KEY ("activation_id") REFERENCES "public"."leak_activations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_activation_members" ADD CONSTRAINT "leak_activation_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_activations" ADD CONSTRAINT "leak_activations_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_activations" ADD CONSTRAINT "leak_activations_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leak_ladder" ADD CONSTRAINT "leak_ladder_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leak_activation_members_member_idx" ON "leak_activation_members" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leak_activations_idempotency_key" ON "leak_activations" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "leak_activations_created_idx" ON "leak_activations" USING btree ("created_at" DESC NULLS LAST);