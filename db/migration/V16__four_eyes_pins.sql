-- Four-eyes pins: with four-eyes on, a new pin version starts proposed and a second person
-- approves it. Off by default, so every existing pin and every pin made with it off is active.

-- one row: the global default, which a model's own setting (null = follow it) overrides
create table four_eyes_setting (
    id         boolean     primary key default true check (id),
    required   boolean     not null default false,
    changed_at timestamptz,
    changed_by text
);
insert into four_eyes_setting (id, required) values (true, false);

alter table device_model add column four_eyes boolean;

-- a constant default adds the columns without touching a row, so the immutability trigger
-- does not fire
alter table pin add column state text not null default 'active'
    check (state in ('active', 'proposed', 'approved'));
alter table pin add column proposed_by text;
alter table pin add column approved_by text;
alter table pin add column approved_at timestamptz;
alter table pin add constraint pin_approval_consistent check (
    (state = 'active' and proposed_by is null and approved_by is null and approved_at is null)
    or (state = 'proposed' and proposed_by is not null and approved_by is null and approved_at is null)
    or (state = 'approved' and proposed_by is not null and approved_by is not null and approved_at is not null
        and approved_by <> proposed_by));

-- A pin stays immutable but for one change, made once: proposed -> approved, by someone other
-- than the proposer, touching nothing but the state and the two approval columns. The service
-- checks the same; this holds for any path to the table.
create function cfgspace_pin_approval_only() returns trigger
language plpgsql as $$
begin
    if tg_op = 'UPDATE'
        and old.state = 'proposed' and new.state = 'approved'
        and new.id = old.id
        and new.device_model_id = old.device_model_id
        and new.version = old.version
        and new.fingerprint = old.fingerprint
        and new.pinned_at = old.pinned_at
        and new.pinned_by = old.pinned_by
        and new.proposed_by is not distinct from old.proposed_by
        and new.approved_by is not null and new.approved_at is not null
        and new.approved_by <> old.proposed_by then
        return new;
    end if;
    raise exception 'cfgspace: % is immutable but for one approval of a proposed version; % refused',
        tg_table_name, tg_op
        using errcode = 'restrict_violation';
end
$$;

drop trigger pin_immutable on pin;
create trigger pin_immutable before update or delete on pin
    for each row execute function cfgspace_pin_approval_only();
