CREATE TABLE "media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid,
	"purpose" text NOT NULL,
	"private" boolean NOT NULL,
	"content_hash" text NOT NULL,
	"source_mime" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer,
	"height" integer,
	"variants" jsonb NOT NULL,
	"storage" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_bytes_positive" CHECK ("media"."bytes" > 0),
	CONSTRAINT "media_private_proofs" CHECK (("media"."purpose" = 'proof') = "media"."private")
);
--> statement-breakpoint
ALTER TABLE "badges" ADD COLUMN "art" jsonb;--> statement-breakpoint
ALTER TABLE "badges" ADD COLUMN "image_url" text;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_owner_id_members_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_owner_idx" ON "media" USING btree ("owner_id");--> statement-breakpoint
-- custom:begin
-- Badges made before badge art: a picture address moves to image_url, anything else (an emoji, letters) gets a design.
UPDATE "badges" SET "image_url" = "icon" WHERE "art" IS NULL AND "image_url" IS NULL AND "icon" ~ '^(https?://|/)';--> statement-breakpoint
UPDATE "badges" SET "art" = '{"design":"star","tier":"accent"}'::jsonb WHERE "art" IS NULL AND "image_url" IS NULL;
-- custom:end
