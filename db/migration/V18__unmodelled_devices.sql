-- A reported device that no device model covers used to be stored with a null model_key and
-- nothing else: nobody could see it, and a model created later never claimed it. Each device
-- now keeps the identity it was reported with (what a model key can name, and its class),
-- the variant the host named, and why it is unmodelled. A device is unmodelled exactly when
-- it has no model.
alter table host_device
    add column subsystem_vendor_id integer check (subsystem_vendor_id between 0 and 65535),
    add column subsystem_id        integer check (subsystem_id between 0 and 65535),
    add column revision_id         integer check (revision_id between 0 and 255),
    add column class_code          integer check (class_code between 0 and 16777215),
    add column variant             text    check (length(variant) <= 40),
    add column unmodelled_reason   text    check (length(unmodelled_reason) <= 1000),
    add constraint host_device_subsystem_whole
        check ((subsystem_vendor_id is null) = (subsystem_id is null));

-- The identity of a stored row is in its layout document (cfgspace-layout/1 and /2 alike).
update host_device d
set subsystem_vendor_id = (l.document::jsonb #>> '{identity,subsystemVendorId}')::integer,
    subsystem_id        = (l.document::jsonb #>> '{identity,subsystemId}')::integer,
    revision_id         = (l.document::jsonb #>> '{identity,revisionId}')::integer,
    class_code          = (l.document::jsonb #>> '{identity,classCode}')::integer
from host_device_layout l
where l.fingerprint = d.fingerprint;

alter table host_device
    alter column revision_id set not null,
    alter column class_code set not null;

-- A model created after a report never claimed the device: classify those rows now, as
-- DeviceModelService.lookup does (the most specific key wins, a tie decides nothing). The
-- variant a host named was not kept, so they are classified as if it had named none; its
-- next changed report classifies them with it.
with candidate as (
    select d.host_id, d.address, m.model_key,
           (case when m.subsystem_vendor_id is not null then 2 else 0 end)
               + (case when m.revision_id is not null then 1 else 0 end) as specificity
    from host_device d
    join device_model m on m.vendor_id = d.vendor_id and m.device_id = d.device_id
        and (m.subsystem_vendor_id is null
             or (m.subsystem_vendor_id = d.subsystem_vendor_id and m.subsystem_id = d.subsystem_id))
        and (m.revision_id is null or m.revision_id = d.revision_id)
    where d.model_key is null
),
best as (
    select host_id, address, model_key, specificity,
           rank() over (partition by host_id, address order by specificity desc) as place,
           count(*) over (partition by host_id, address, specificity) as tied
    from candidate
),
decided as (
    select host_id, address,
           case when tied = 1 then min(model_key) end as model_key,
           case when tied > 1 then 'matches ' || tied || ' device models equally well: '
               || string_agg(model_key, ', ' order by model_key collate "C")
               || '; report the device''s variant to choose one' end as reason
    from best
    where place = 1
    group by host_id, address, tied
)
update host_device d
set model_key = x.model_key, unmodelled_reason = x.reason
from decided x
where x.host_id = d.host_id and x.address = d.address;

-- The words of ModelMatch.NoModel.unmodelledReason().
update host_device
set unmodelled_reason = 'no device model for ' || lpad(to_hex(vendor_id), 4, '0') || ':'
        || lpad(to_hex(device_id), 4, '0')
        || coalesce(' subsystem ' || lpad(to_hex(subsystem_vendor_id), 4, '0') || ':'
                    || lpad(to_hex(subsystem_id), 4, '0'), '')
        || ' revision ' || lpad(to_hex(revision_id), 2, '0')
where model_key is null and unmodelled_reason is null;

alter table host_device
    add constraint host_device_modelled_or_why
        check ((model_key is null) = (unmodelled_reason is not null));

-- A new device model re-classifies the devices of its vendor and device ID.
create index host_device_identity on host_device (vendor_id, device_id);
