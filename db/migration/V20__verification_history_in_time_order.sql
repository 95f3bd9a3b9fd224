-- The history is read newest first by time, then id (it was by id alone). A month's partition
-- holds a range of time, and ids follow time only roughly when several nodes write, so a page
-- by model inside a time range had to scan the month's model rows from its newest id back to
-- the range's end. Each filter's index now leads with its value, then time, then id: a page
-- reads only the rows it answers, and the id breaks ties between the verdicts of one batch.
-- On an audit already large this builds four indexes on every attached partition while
-- writers wait (README, Archiving the audit).
drop index verification_model_id, verification_vm, verification_source, verification_destination;
create index verification_model_created on verification (model_key, created_at, id);
create index verification_vm on verification (vm_id, created_at, id) where vm_id is not null;
create index verification_source on verification (source_host, created_at, id) where source_host is not null;
create index verification_destination on verification (destination_host, created_at, id)
    where destination_host is not null;
