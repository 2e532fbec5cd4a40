CREATE SEQUENCE IF NOT EXISTS "member_alias_seq";--> statement-breakpoint
CREATE TABLE "event_boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"join_code_id" uuid NOT NULL,
	"audience" text DEFAULT 'code' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_boards_range" CHECK ("event_boards"."starts_at" < "event_boards"."ends_at"),
	CONSTRAINT "event_boards_audience_check" CHECK ("event_boards"."audience" in ('code','everyone'))
);
--> statement-breakpoint
CREATE TABLE "leaderboard_seasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leaderboard_seasons_range" CHECK ("leaderboard_seasons"."starts_at" < "leaderboard_seasons"."ends_at")
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "lifetime_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "leaderboard_visibility" text DEFAULT 'named' NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "alias_number" integer DEFAULT ((nextval('member_alias_seq') * 5023231) % 9999991)::int NOT NULL;--> statement-breakpoint
ALTER TABLE "program_settings" ADD COLUMN "leaderboard_include_staff" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "event_boards" ADD CONSTRAINT "event_boards_join_code_id_join_codes_id_fk" FOREIGN KEY ("join_code_id") REFERENCES "public"."join_codes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_boards" ADD CONSTRAINT "event_boards_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_seasons" ADD CONSTRAINT "leaderboard_seasons_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_boards_starts_idx" ON "event_boards" USING btree ("starts_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "event_boards_join_code_idx" ON "event_boards" USING btree ("join_code_id");--> statement-breakpoint
CREATE INDEX "leaderboard_seasons_starts_idx" ON "leaderboard_seasons" USING btree ("starts_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "members_alias_number_key" ON "members" USING btree ("alias_number");--> statement-breakpoint
CREATE INDEX "point_entries_earned_at_idx" ON "point_entries" USING btree ("created_at") WHERE "point_entries"."lifetime_delta" <> 0;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_leaderboard_visibility_check" CHECK ("members"."leaderboard_visibility" in ('named','anonymous','hidden'));--> statement-breakpoint
UPDATE "members" m SET "lifetime_at" = e.at
FROM (SELECT "member_id", max("created_at") AS at FROM "point_entries" WHERE "lifetime_delta" <> 0 GROUP BY "member_id") e
WHERE e."member_id" = m."id";--> statement-breakpoint
-- Every node keeps its leaderboards in memory and learns of changes from these notifications, sent
-- at commit in commit order. Each carries the writing transaction's id, so that a node building a
-- board from a snapshot can tell which changes the snapshot already holds.
-- 'ah_points': xid|entry id|member id|lifetime delta|created at (ms). The entry id keeps payloads
-- distinct (PostgreSQL folds identical notifications of one transaction into one).
CREATE FUNCTION "leaderboard_points_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ah_points', pg_current_xact_id()::text || '|' || NEW.id || '|' || NEW.member_id || '|'
    || NEW.lifetime_delta || '|' || floor(extract(epoch FROM NEW.created_at) * 1000)::bigint);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "point_entries_leaderboard" AFTER INSERT ON "point_entries"
  FOR EACH ROW WHEN (NEW.lifetime_delta <> 0) EXECUTE FUNCTION "leaderboard_points_notify"();--> statement-breakpoint
-- 'ah_lb': what|xid|id, for changes to who is ranked where: member, group, settings, season, event.
CREATE FUNCTION "leaderboard_change_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_id text;
BEGIN
  IF TG_ARGV[0] = 'settings' THEN
    row_id := '';
  ELSIF TG_OP = 'DELETE' THEN
    row_id := (to_jsonb(OLD) ->> TG_ARGV[1]);
  ELSE
    row_id := (to_jsonb(NEW) ->> TG_ARGV[1]);
  END IF;
  PERFORM pg_notify('ah_lb', TG_ARGV[0] || '|' || pg_current_xact_id()::text || '|' || row_id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "members_leaderboard" AFTER UPDATE OF "status", "leaderboard_visibility", "join_code_id", "name", "avatar_url" ON "members"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
    OR OLD.leaderboard_visibility IS DISTINCT FROM NEW.leaderboard_visibility
    OR OLD.join_code_id IS DISTINCT FROM NEW.join_code_id
    OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.avatar_url IS DISTINCT FROM NEW.avatar_url)
  EXECUTE FUNCTION "leaderboard_change_notify"('member', 'id');--> statement-breakpoint
CREATE TRIGGER "member_roles_leaderboard" AFTER INSERT OR DELETE ON "member_roles"
  FOR EACH ROW EXECUTE FUNCTION "leaderboard_change_notify"('member', 'member_id');--> statement-breakpoint
CREATE TRIGGER "group_members_leaderboard" AFTER INSERT OR DELETE ON "group_members"
  FOR EACH ROW EXECUTE FUNCTION "leaderboard_change_notify"('group', 'group_id');--> statement-breakpoint
-- On insert too: the settings row may first be written by this very setting.
CREATE TRIGGER "program_settings_leaderboard" AFTER INSERT OR UPDATE OF "leaderboard_include_staff" ON "program_settings"
  FOR EACH ROW EXECUTE FUNCTION "leaderboard_change_notify"('settings');--> statement-breakpoint
CREATE TRIGGER "leaderboard_seasons_leaderboard" AFTER INSERT OR UPDATE OR DELETE ON "leaderboard_seasons"
  FOR EACH ROW EXECUTE FUNCTION "leaderboard_change_notify"('season', 'id');--> statement-breakpoint
CREATE TRIGGER "event_boards_leaderboard" AFTER INSERT OR UPDATE OR DELETE ON "event_boards"
  FOR EACH ROW EXECUTE FUNCTION "leaderboard_change_notify"('event', 'id');
--> statement-breakpoint
-- Live pushes every node delivers to its own sockets: a new notification (member id|notification id),
-- and an ended session (its refresh-token family: sign-out, suspension, a reused token).
CREATE FUNCTION "notification_created_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ah_notifications', NEW.member_id || '|' || NEW.id);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "notifications_push" AFTER INSERT ON "notifications"
  FOR EACH ROW EXECUTE FUNCTION "notification_created_notify"();--> statement-breakpoint
CREATE FUNCTION "session_ended_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ah_sessions', NEW.family_id::text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "refresh_tokens_ended" AFTER UPDATE OF "revoked_at" ON "refresh_tokens"
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
  EXECUTE FUNCTION "session_ended_notify"();
