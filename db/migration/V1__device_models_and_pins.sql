-- Device models and their pinned layouts.
-- A pin is immutable: its row, its layout content and its deprecation are written once,
-- and triggers below refuse every UPDATE, DELETE and TRUNCATE, whatever path they come from.

create table device_model (
    id                  bigint generated always as identity primary key,
    model_key           text        not null unique,
    vendor_id           integer     not null check (vendor_id between 0 and 65535),
    device_id           integer     not null check (device_id between 0 and 65535),
    subsystem_vendor_id integer     check (subsystem_vendor_id between 0 and 65535),
    subsystem_id        integer     check (subsystem_id between 0 and 65535),
    revision_id         integer     check (revision_id between 0 and 255),
    variant             text        check (variant ~ '^[a-z0-9][a-z0-9._-]{0,39}$'),
    display_name        text        not null check (length(display_name) between 1 and 200),
    notes               text        not null default '' check (length(notes) <= 10000),
    created_at          timestamptz not null,
    created_by          text        not null,
    updated_at          timestamptz not null,
    check ((subsystem_vendor_id is null) = (subsystem_id is null))
);
create index device_model_identity on device_model (vendor_id, device_id);

-- content-addressed: one row per distinct canonical layout, shared by every pin of it
create table layout_content (
    fingerprint text  primary key check (fingerprint ~ '^sha256:[0-9a-f]{64}$'),
    canonical   text  not null,
    -- SHA-256 of the whole canonical text: block names and findings are outside the fingerprint,
    -- but a change to them is tampering all the same
    canonical_sha256 text not null check (canonical_sha256 ~ '^[0-9a-f]{64}$'),
    document    jsonb not null
);

create table pin (
    id              bigint generated always as identity primary key,
    device_model_id bigint      not null references device_model (id),
    version         integer     not null check (version >= 1),
    fingerprint     text        not null references layout_content (fingerprint),
    pinned_at       timestamptz not null,
    pinned_by       text        not null,
    unique (device_model_id, version),
    unique (device_model_id, fingerprint)
);
create index pin_fingerprint on pin (fingerprint);

create table pin_deprecation (
    pin_id        bigint      primary key references pin (id),
    deprecated_at timestamptz not null,
    deprecated_by text        not null,
    reason        text        not null default '' check (length(reason) <= 2000)
);

create function cfgspace_reject_change() returns trigger
language plpgsql as $$
begin
    raise exception 'cfgspace: % is immutable; % refused', tg_table_name, tg_op
        using errcode = 'restrict_violation';
end
$$;

create trigger pin_immutable before update or delete on pin
    for each row execute function cfgspace_reject_change();
create trigger pin_not_truncated before truncate on pin
    for each statement execute function cfgspace_reject_change();
create trigger layout_content_immutable before update or delete on layout_content
    for each row execute function cfgspace_reject_change();
create trigger layout_content_not_truncated before truncate on layout_content
    for each statement execute function cfgspace_reject_change();
create trigger pin_deprecation_immutable before update or delete on pin_deprecation
    for each row execute function cfgspace_reject_change();
create trigger pin_deprecation_not_truncated before truncate on pin_deprecation
    for each statement execute function cfgspace_reject_change();
