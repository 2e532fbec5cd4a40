CREATE TABLE "redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"reward_id" uuid NOT NULL,
	"status" text NOT NULL,
	"cost" integer NOT NULL,
	"note" text,
	"admin_note" text,
	"shipping" jsonb,
	"had_shipping" boolean DEFAULT false NOT NULL,
	"idempotency_key" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redemptions_status_check" CHECK ("redemptions"."status" in ('requested','approved','fulfilled','declined','cancelled')),
	CONSTRAINT "redemptions_cost_positive" CHECK ("redemptions"."cost" > 0)
);
--> statement-breakpoint
CREATE TABLE "reward_codes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reward_id" uuid NOT NULL,
	"code" text NOT NULL,
	"redemption_id" uuid,
	"assigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"image_url" text,
	"cost" integer NOT NULL,
	"stock" integer,
	"needs_approval" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"limit_per_member" integer,
	"limit_per_period" integer,
	"limit_period" text,
	"min_level_rank" integer,
	"visibility" jsonb DEFAULT '{"includeSegmentIds":[],"includeGroupIds":[],"excludeSegmentIds":[],"excludeGroupIds":[]}'::jsonb NOT NULL,
	"publish_at" timestamp with time zone,
	"expire_at" timestamp with time zone,
	"fulfilment_note" text,
	"featured" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"low_stock_threshold" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rewards_cost_positive" CHECK ("rewards"."cost" > 0),
	CONSTRAINT "rewards_stock_nonnegative" CHECK ("rewards"."stock" is null or "rewards"."stock" >= 0),
	CONSTRAINT "rewards_type_check" CHECK ("rewards"."type" in ('item','code','experience','donation','custom')),
	CONSTRAINT "rewards_period_limit" CHECK (("rewards"."limit_per_period" is null) = ("rewards"."limit_period" is null) and ("rewards"."limit_period" is null or "rewards"."limit_period" in ('day','week','month','year')))
);
--> statement-breakpoint
ALTER TABLE "program_settings" ADD COLUMN "point_value" numeric(12, 4) DEFAULT '0.01' NOT NULL;--> statement-breakpoint
ALTER TABLE "program_settings" ADD COLUMN "currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_decided_by_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reward_codes" ADD CONSTRAINT "reward_codes_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_member_key" ON "redemptions" USING btree ("member_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "redemptions_member_idx" ON "redemptions" USING btree ("member_id","reward_id","created_at");--> statement-breakpoint
CREATE INDEX "redemptions_queue_idx" ON "redemptions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "redemptions_reward_idx" ON "redemptions" USING btree ("reward_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "reward_codes_code_key" ON "reward_codes" USING btree ("reward_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "reward_codes_redemption_key" ON "reward_codes" USING btree ("redemption_id");--> statement-breakpoint
CREATE INDEX "reward_codes_free_idx" ON "reward_codes" USING btree ("reward_id","id") WHERE "reward_codes"."redemption_id" is null;--> statement-breakpoint
CREATE INDEX "rewards_status_idx" ON "rewards" USING btree ("status");