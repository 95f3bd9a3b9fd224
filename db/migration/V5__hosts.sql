-- The host inventory: what each hypervisor host last reported about its passthrough devices.
-- A report replaces the host's devices; an unchanged report (same report_hash) only moves
-- last_seen, so hosts can report every few minutes at the cost of one update.
create table host (
    id          bigint generated always as identity primary key,
    name        text        not null unique check (length(name) between 1 and 255),
    report_hash text        not null,
    vmm_version text        check (length(vmm_version) <= 200),
    -- the IOMMU as the host described it (the verification request's iommu member), or null
    iommu       jsonb,
    -- what that IOMMU offers, as placement reads it (an IommuSupport)
    iommu_support jsonb,
    first_seen  timestamptz not null,
    reported_at timestamptz not null,
    last_seen   timestamptz not null,
    reported_by text        not null
);
create index host_last_seen on host (last_seen);

-- Physical layouts of reported devices, by fingerprint: a fleet has few distinct ones, and a
-- host may name a device by the fingerprint alone once any host has sent its dump.
create table host_device_layout (
    fingerprint text primary key check (fingerprint ~ '^sha256:[0-9a-f]{64}$'),
    document    text not null
);

create table host_device (
    host_id     bigint  not null references host (id) on delete cascade,
    address     text    not null check (length(address) <= 64),
    vendor_id   integer not null check (vendor_id between 0 and 65535),
    device_id   integer not null check (device_id between 0 and 65535),
    model_key   text,
    fingerprint text    not null references host_device_layout (fingerprint),
    driver      text    check (length(driver) <= 64),
    -- the raw config space when the host sent a dump: pins that compare bytes need it
    config      bytea,
    primary key (host_id, address)
);
create index host_device_model on host_device (model_key) where model_key is not null;
