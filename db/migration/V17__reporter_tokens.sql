-- Host-bound reporters: a token of kind 'reporter' is bound to one host name, may report that
-- host's inventory and verify migrations that touch it, and has no role. A token of kind 'role'
-- reports hosts only when an admin allowed it (may_report); the tokens issued so far did not
-- ask for it, so they stop reporting until an admin issues a token that may.
alter table api_token
    add column kind       text    not null default 'role' check (kind in ('role', 'reporter')),
    add column host_name  text    check (host_name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$'),
    add column may_report boolean not null default false;

alter table api_token alter column role drop not null;

-- a reporter has a host and no role (what it may do is fixed by its kind); a role token has a
-- role and no host, and may report only with a role that includes verifier
alter table api_token add constraint api_token_kind_consistent check (
    (kind = 'role' and role is not null and host_name is null
        and (not may_report or role in ('verifier', 'operator', 'admin')))
    or (kind = 'reporter' and role is null and host_name is not null and not may_report));
