-- The audit grows by about 36 million verdicts a year: the verification table becomes a table
-- partitioned by month of created_at, so that old months can be detached whole (and dumped
-- and dropped by an operator) and new months never rewrite old ones. Rows already stored move
-- over in this transaction; nothing is lost.

-- the old table steps aside; its indexes free their names for the new ones
drop index verification_created, verification_model, verification_vm, verification_hosts;
alter table verification rename to verification_unpartitioned;
alter table verification_unpartitioned rename constraint verification_pkey to verification_unpartitioned_pkey;

-- VerdictWriter takes its ids from this sequence (pg_get_serial_sequence) before inserting;
-- it goes on after the last id handed out, so ids stay unique and growing
create sequence verification_id_seq_partitioned as bigint;
select setval('verification_id_seq_partitioned', last_value, is_called) from verification_id_seq;

-- the primary key must hold the partition key; ids stay unique because only the sequence
-- hands them out, and a lookup by id alone probes each month's index
create table verification (
    id               bigint      not null default nextval('verification_id_seq_partitioned'),
    created_at       timestamptz not null,
    caller           text        not null,
    model_key        text        not null,
    pin_version      integer     not null,
    fingerprint      text        not null,
    vm_id            text        check (length(vm_id) <= 200),
    device_address   text        check (length(device_address) <= 64),
    source_host      text        check (length(source_host) <= 255),
    destination_host text        check (length(destination_host) <= 255),
    verdict          text        not null check (verdict in ('CONSISTENT', 'INCONSISTENT')),
    findings         jsonb       not null,
    batch_id         uuid,
    primary key (id, created_at)
) partition by range (created_at);
alter sequence verification_id_seq_partitioned owned by verification.id;

-- the history is read newest first by id (the cursor); each filter has an index in that order
-- so that a page reads only the rows it answers
create index verification_created on verification (created_at, id);
create index verification_model on verification (model_key, pin_version, created_at);
create index verification_model_id on verification (model_key, id);
create index verification_vm on verification (vm_id, id) where vm_id is not null;
create index verification_source on verification (source_host, id) where source_host is not null;
create index verification_destination on verification (destination_host, id) where destination_host is not null;

-- row triggers of a partitioned table are cloned onto every partition, attached now or later;
-- statement triggers are not, so each partition gets its own TRUNCATE guard (below)
create trigger verification_immutable before update or delete on verification
    for each row execute function cfgspace_reject_change();
create trigger verification_not_truncated before truncate on verification
    for each statement execute function cfgspace_reject_change();

create function cfgspace_guard_verification_truncate(partition_name text) returns void
language plpgsql as $$
begin
    if not exists (select 1 from pg_trigger
                   where tgrelid = partition_name::regclass and tgname = 'verification_partition_not_truncated') then
        execute format('create trigger verification_partition_not_truncated before truncate on %I '
                       'for each statement execute function cfgspace_reject_change()', partition_name);
    end if;
end
$$;

-- a verdict for a month without a partition (clock skew, a scheduler that has not run) is
-- still stored: here, until that month's partition is created
create table verification_default partition of verification default;
select cfgspace_guard_verification_truncate('verification_default');

-- Months detached from the audit. Their tables stay, renamed nowhere, as plain append-only
-- tables for an operator to dump and drop; this row says which ids they hold, so that a
-- lookup of one of them is told where it went.
create table verification_detached (
    month       date        primary key check (extract(day from month) = 1),
    table_name  text        not null unique,
    first_id    bigint,
    last_id     bigint,
    row_count   bigint      not null,
    detached_at timestamptz not null,
    detached_by text        not null
);
create index verification_detached_ids on verification_detached (first_id, last_id);
create trigger verification_detached_immutable before update or delete on verification_detached
    for each row execute function cfgspace_reject_change();

-- Creates the partition of the month that holds the given day, unless it exists (or was
-- detached: that month stays archived, later rows of it stay in the default). Rows the
-- default partition caught for that month move into it in the same transaction: the default
-- is detached (which drops its cloned append-only triggers), the month is created, the rows
-- are copied and deleted, and the default is attached again (which clones the triggers back).
-- Writers wait on the table lock meanwhile and then land in the new partition.
create function cfgspace_create_verification_month(day date) returns boolean
language plpgsql as $$
declare
    month_start date := date_trunc('month', day)::date;
    month_end   date := (date_trunc('month', day) + interval '1 month')::date;
    -- months are UTC months, whatever the session's time zone
    low         timestamptz := month_start::timestamp at time zone 'UTC';
    high        timestamptz := month_end::timestamp at time zone 'UTC';
    name        text := 'verification_' || to_char(month_start, 'YYYY_MM');
begin
    -- two service nodes run the same schedule
    perform pg_advisory_xact_lock(hashtext('cfgspace_verification_partitions'));
    if to_regclass(name) is not null
            or exists (select 1 from verification_detached where month = month_start) then
        return false;
    end if;
    if exists (select 1 from verification_default where created_at >= low and created_at < high) then
        alter table verification detach partition verification_default;
        execute format('create table %I partition of verification for values from (%L) to (%L)',
                       name, low, high);
        insert into verification
            select * from verification_default where created_at >= low and created_at < high;
        delete from verification_default where created_at >= low and created_at < high;
        alter table verification attach partition verification_default default;
    else
        execute format('create table %I partition of verification for values from (%L) to (%L)',
                       name, low, high);
    end if;
    perform cfgspace_guard_verification_truncate(name);
    return true;
end
$$;

-- Detaches every month that ends on or before the given first day of a month. Never drops:
-- each detached month stays a plain table, still refusing UPDATE, DELETE and TRUNCATE, and is
-- recorded in verification_detached. Rows the default holds for those months get their month
-- first, so that they are detached with it.
create function cfgspace_detach_verification_months(before date, actor text)
returns table (month date, table_name text, row_count bigint)
language plpgsql as $$
declare
    caught date;
    part   record;
    first  bigint;
    last   bigint;
    counted bigint;
begin
    if before <> date_trunc('month', before)::date then
        raise exception 'cfgspace: % is not the first day of a month', before using errcode = 'invalid_parameter_value';
    end if;
    perform pg_advisory_xact_lock(hashtext('cfgspace_verification_partitions'));
    for caught in select distinct date_trunc('month', d.created_at at time zone 'UTC')::date
                  from verification_default d where d.created_at < (before::timestamp at time zone 'UTC') loop
        perform cfgspace_create_verification_month(caught);
    end loop;
    for part in select c.relname::text as relname, to_date(substr(c.relname, 14), 'YYYY_MM') as first_day
                from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'verification'::regclass and c.relname ~ '^verification_[0-9]{4}_[0-9]{2}$'
                  and to_date(substr(c.relname, 14), 'YYYY_MM') < before
                order by 2 loop
        execute format('select min(id), max(id), count(*) from %I', part.relname) into first, last, counted;
        execute format('alter table verification detach partition %I', part.relname);
        execute format('create trigger verification_archived_immutable before update or delete on %I '
                       'for each row execute function cfgspace_reject_change()', part.relname);
        insert into verification_detached values (part.first_day, part.relname, first, last, counted, now(), actor);
        month := part.first_day;
        table_name := part.relname;
        row_count := counted;
        return next;
    end loop;
end
$$;

-- partitions for every month already in the audit, then this month and three ahead (the
-- service keeps creating months ahead, see AuditPartitions)
select cfgspace_create_verification_month(m::date)
from generate_series(
        date_trunc('month', least(now(), coalesce((select min(created_at) from verification_unpartitioned), now()))
            at time zone 'UTC'),
        date_trunc('month', now() at time zone 'UTC') + interval '3 months',
        interval '1 month') as m;

insert into verification select * from verification_unpartitioned;
drop table verification_unpartitioned;
alter sequence verification_id_seq_partitioned rename to verification_id_seq;
