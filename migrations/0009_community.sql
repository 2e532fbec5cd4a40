CREATE TABLE "community_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"color" text DEFAULT '#2563eb' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"start_policy" text DEFAULT 'members' NOT NULL,
	"qa" boolean DEFAULT false NOT NULL,
	"targeting" jsonb DEFAULT '{"includeSegmentIds":[],"includeGroupIds":[],"excludeSegmentIds":[],"excludeGroupIds":[]}'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_categories_start_policy_check" CHECK ("community_categories"."start_policy" in ('members','staff'))
);
--> statement-breakpoint
CREATE TABLE "community_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"flagger_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"weight_milli" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_flags_status_check" CHECK ("community_flags"."status" in ('open','upheld','rejected','ignored'))
);
--> statement-breakpoint
CREATE TABLE "community_post_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"body" text NOT NULL,
	"edited_by" uuid,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"thread_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"body_hash" text NOT NULL,
	"first" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'visible' NOT NULL,
	"hidden_by" text,
	"links_allowed" boolean DEFAULT true NOT NULL,
	"quote_post_id" uuid,
	"reaction_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"edited_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_posts_status_check" CHECK ("community_posts"."status" in ('visible','hidden','deleted'))
);
--> statement-breakpoint
CREATE TABLE "community_reactions" (
	"post_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_reactions_post_id_member_id_kind_pk" PRIMARY KEY("post_id","member_id","kind")
);
--> statement-breakpoint
CREATE TABLE "community_reads" (
	"member_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"last_seq" bigint NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_reads_member_id_thread_id_pk" PRIMARY KEY("member_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "community_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_settings_single_row" CHECK ("community_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "community_threads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"title" text NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"hidden_at" timestamp with time zone,
	"accepted_post_id" uuid,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"last_post_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_post_seq" bigint DEFAULT 0 NOT NULL,
	"last_author_id" uuid,
	"search_title" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', title)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_sanctions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ends_at" timestamp with time zone,
	"lifted_at" timestamp with time zone,
	"lifted_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_sanctions_kind_check" CHECK ("member_sanctions"."kind" in ('silence','suspend'))
);
--> statement-breakpoint
CREATE TABLE "moderation_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"score_milli" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution" text
);
--> statement-breakpoint
ALTER TABLE "community_flags" ADD CONSTRAINT "community_flags_post_id_community_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."community_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_flags" ADD CONSTRAINT "community_flags_flagger_id_members_id_fk" FOREIGN KEY ("flagger_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_post_revisions" ADD CONSTRAINT "community_post_revisions_post_id_community_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."community_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_post_revisions" ADD CONSTRAINT "community_post_revisions_edited_by_members_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_posts" ADD CONSTRAINT "community_posts_thread_id_community_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."community_threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_posts" ADD CONSTRAINT "community_posts_author_id_members_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_reactions" ADD CONSTRAINT "community_reactions_post_id_community_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."community_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_reactions" ADD CONSTRAINT "community_reactions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_reads" ADD CONSTRAINT "community_reads_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_reads" ADD CONSTRAINT "community_reads_thread_id_community_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."community_threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_threads" ADD CONSTRAINT "community_threads_category_id_community_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."community_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_threads" ADD CONSTRAINT "community_threads_author_id_members_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_threads" ADD CONSTRAINT "community_threads_last_author_id_members_id_fk" FOREIGN KEY ("last_author_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_sanctions" ADD CONSTRAINT "member_sanctions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_sanctions" ADD CONSTRAINT "member_sanctions_lifted_by_members_id_fk" FOREIGN KEY ("lifted_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_sanctions" ADD CONSTRAINT "member_sanctions_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_queue" ADD CONSTRAINT "moderation_queue_post_id_community_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."community_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moderation_queue" ADD CONSTRAINT "moderation_queue_resolved_by_members_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "community_categories_slug_key" ON "community_categories" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "community_flags_once" ON "community_flags" USING btree ("post_id","flagger_id");--> statement-breakpoint
CREATE INDEX "community_flags_flagger_idx" ON "community_flags" USING btree ("flagger_id","status");--> statement-breakpoint
CREATE INDEX "community_post_revisions_post_idx" ON "community_post_revisions" USING btree ("post_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "community_posts_seq_key" ON "community_posts" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "community_posts_thread_idx" ON "community_posts" USING btree ("thread_id","seq");--> statement-breakpoint
CREATE INDEX "community_posts_author_idx" ON "community_posts" USING btree ("author_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "community_posts_hash_idx" ON "community_posts" USING btree ("author_id","body_hash");--> statement-breakpoint
CREATE INDEX "community_posts_search_idx" ON "community_posts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "community_threads_category_idx" ON "community_threads" USING btree ("category_id","last_post_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "community_threads_latest_idx" ON "community_threads" USING btree ("last_post_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "community_threads_search_idx" ON "community_threads" USING gin ("search_title");--> statement-breakpoint
CREATE INDEX "member_sanctions_member_idx" ON "member_sanctions" USING btree ("member_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "member_sanctions_active_idx" ON "member_sanctions" USING btree ("ends_at") WHERE "member_sanctions"."lifted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_queue_open_once" ON "moderation_queue" USING btree ("post_id") WHERE "moderation_queue"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "moderation_queue_open_idx" ON "moderation_queue" USING btree ("score_milli" DESC NULLS LAST,"opened_at") WHERE "moderation_queue"."resolved_at" is null;--> statement-breakpoint
INSERT INTO "community_settings" ("id", "settings") VALUES (1, '{"points":{"thread":10,"reply":5,"acceptedAnswer":25,"reactionReceived":1},"dailyCap":50,"hideThreshold":3,"editWindowMinutes":30,"postsPerMinute":5,"postsPerHour":60,"linkTrustPoints":50}'::jsonb) ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "community_categories" ("slug", "name", "description", "color", "position", "start_policy", "qa") VALUES
  ('welcome', 'Welcome', 'Start here: how this community works and what it is for.', '#4f46e5', 1, 'staff', false),
  ('introductions', 'Introductions', 'Say hello: who you are, what you do, what you hope to find here.', '#0891b2', 2, 'members', false),
  ('news-events', 'News & Events', 'Announcements, releases and events from the program team.', '#d97706', 3, 'staff', false),
  ('product-feedback', 'Product Feedback', 'Ideas, requests and questions about the product. Mark the answer that helped.', '#16a34a', 4, 'members', true),
  ('thought-leadership', 'Thought Leadership', 'Opinions, trends and lessons from your field.', '#7c3aed', 5, 'members', false),
  ('best-practices', 'Best Practices', 'How you get the most out of the product: tips, setups, questions and answers.', '#0d9488', 6, 'members', true),
  ('fun', 'Fun', 'Off-topic, friendly and light: pets, playlists, weekend plans.', '#db2777', 7, 'members', false)
ON CONFLICT DO NOTHING;
