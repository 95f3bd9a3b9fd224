-- The admin audit trail: who changed what, when. One row per change, written in the
-- change's own transaction by io.cfgspace.audit.AuditTrail, so the change and its record
-- commit or roll back together. Like pins and verdicts, the trail is history: no row is
-- ever changed or removed, not even by the service itself.
create table audit_event (
    id           bigint generated always as identity primary key,
    occurred_at  timestamptz not null,
    actor        text        not null check (length(actor) between 1 and 300),
    action       text        not null check (action in (
        'token-issued', 'token-revoked',
        'user-created', 'user-disabled', 'user-enabled', 'user-role-changed', 'user-password-reset',
        'quirk-created', 'quirk-changed', 'quirk-deleted',
        'pin-proposed', 'pin-approved', 'pin-deprecated',
        'model-created', 'model-changed',
        'profile-created', 'profile-changed', 'profile-deleted',
        'settings-changed')),
    subject      text        not null check (length(subject) between 1 and 300),
    detail       jsonb       not null default '{}'::jsonb check (jsonb_typeof(detail) = 'object')
);

create trigger audit_event_immutable before update or delete on audit_event
    for each row execute function cfgspace_reject_change();
create trigger audit_event_not_truncated before truncate on audit_event
    for each statement execute function cfgspace_reject_change();

-- GET /api/v1/audit pages newest first by (occurred_at, id); each filter narrows that order
create index audit_event_newest on audit_event (occurred_at desc, id desc);
create index audit_event_by_action on audit_event (action, occurred_at desc, id desc);
create index audit_event_by_actor on audit_event (actor, occurred_at desc, id desc);
