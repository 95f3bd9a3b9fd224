-- A verification retried after a timeout (a hook whose answer got lost) carries the same
-- Idempotency-Key as the first try: it gets the verdicts stored the first time instead of
-- a second audit row. Keys are per caller, so two callers never see each other's verdicts.
create table verification_idempotency (
    caller           text        not null,
    idempotency_key  text        not null check (idempotency_key ~ '^[A-Za-z0-9._:-]{1,200}$'),
    request_sha256   text        not null check (request_sha256 ~ '^[0-9a-f]{64}$'),
    verification_ids bigint[]    not null check (cardinality(verification_ids) between 1 and 1000),
    created_at       timestamptz not null,
    primary key (caller, idempotency_key)
);

create trigger verification_idempotency_immutable before update on verification_idempotency
    for each row execute function cfgspace_reject_change();
