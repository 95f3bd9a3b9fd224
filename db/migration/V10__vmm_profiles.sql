-- VMM profiles: how one VMM build treats a passed-through device's config space, so that
-- cfgspace can tell the VMM what to build for a pin (vmm-config), gate a VM's start on it,
-- and refuse a migration between VMMs that would not build or check the pinned blocks alike.
-- Data an admin edits, like quirks; every seeded fact cites its source in the row's
-- "source". The document is read by io.cfgspace.verification.core.VmmProfileJson.
create table vmm_profile (
    id          bigint generated always as identity primary key,
    name        text        not null unique check (name ~ '^[a-z0-9][a-z0-9._+-]{0,63}$'),
    vmm         text        not null check (vmm in ('qemu', 'cloud-hypervisor')),
    document    jsonb       not null,
    created_at  timestamptz not null,
    created_by  text        not null,
    changed_at  timestamptz not null,
    changed_by  text        not null
);

-- every node keeps the profiles it read (ChangeFeed) and must drop them when one changes
create trigger vmm_profile_announced after insert or update or delete or truncate on vmm_profile
    for each statement execute function cfgspace_announce_change();

-- the profile a host reported, or the one its VMM version and machine type resolved to
alter table host add column vmm_profile text check (length(vmm_profile) <= 64);
alter table host add column machine_type text check (length(machine_type) <= 100);

-- What every seeded QEMU profile shares, with its sources:
--  * The Linux vfio-pci driver hides every extended capability whose length it gives as 0
--    (drivers/vfio/pci/vfio_pci_config.c, pci_ext_cap_length[] and vfio_ecap_init, which
--    also hides IDs above PCI_EXT_CAP_ID_MAX): PASID among them, whatever the VMM is.
--  * QEMU drops SR-IOV and ARI from the guest's chain (hw/vfio/pci.c, vfio_add_ext_cap) and
--    emulates MSI and MSI-X (vfio_msi_setup, vfio_msix_setup), rewriting the PCI Express
--    capability's port type for the virtual bus (vfio_setup_pcie_cap).
--  * skip-vsc-check: "vfio/pci: migration: Skip config space check for Vendor Specific
--    Information in VSC during restore/load" (Vinayak Kale, v4, applied to vfio-next on
--    2024-05-16, first released in QEMU 9.1.0 of 2024-09-03) adds the vfio-pci property,
--    default on: the body of a standard Vendor Specific capability (ID 0x09) after its
--    3-byte header leaves QEMU's own migration compare (vfio_add_vendor_specific_cap clears
--    its cmask). hw/core/machine.c hw_compat_9_0 sets it off for machine types of 9.0 and
--    older. VSEC and DVSEC are not exempted. QEMU before 9.1 has no such property and
--    compares every byte of the capability.
--  * Synthesized PASID: "hw/vfio/pci: Synthesize PASID capability for vfio-pci devices"
--    (Shameer Kolothum, qemu-devel v7 35/36, 2026-01-11; commit 06b38473cda8 in QEMU's
--    tree, merged through pull-target-arm-20260129 after the 11.0 tree opened, so first
--    in QEMU 11.0; the 11.0.0 release itself was not seen in the sources read) adds
--    vfio-pci x-vpasid-cap-offset: 4-byte aligned, at least 0x100, the 8 bytes within 4 KiB;
--    without it, v7 places the capability at 0xff8 and warns. QEMU builds it only when the
--    host reports PASID through iommufd (get_pasid_info) and the vIOMMU reports
--    VIOMMU_FLAG_PASID_SUPPORTED. In that merge only the accelerated arm-smmuv3
--    (accel=on, ssidsize=N; virt machines) does; intel_iommu's "Expose flag
--    VIOMMU_FLAG_PASID_SUPPORTED" (76aa4381c796) was queued in Michael Tsirkin's pci tree on
--    2026-05-31 and is in no release seen, so the q35 profiles build no synthesized block.
--    The block's width and Exec/Priv bits come from the host's IOMMU_GET_HW_INFO, not from
--    a property. Whether the merged version (not v7) is opt-in was not verified.
insert into vmm_profile (name, vmm, document, created_at, created_by, changed_at, changed_by)
select name, 'qemu', base::jsonb || document::jsonb, now(), 'seed', now(), 'seed'
from (values
    ('qemu-9.0', $${
        "match": {"versionBelow": "9.1"},
        "vendorSpecificBodies": "compared",
        "synthesizes": [],
        "source": "QEMU before 9.1: no skip-vsc-check property (added by 'vfio/pci: migration: Skip config space check for Vendor Specific Information in VSC during restore/load', v4, applied 2024-05-16, released in 9.1.0), so QEMU's migration compare covers every byte of a standard vendor-specific capability; no synthesized PASID (hw/vfio/pci.c has no x-vpasid-cap-offset before 11.0). Hidden and virtualized capabilities: see V10__vmm_profiles.sql."
    }$$),
    ('qemu-9.1-machine-9.0', $${
        "match": {"versionFrom": "9.1", "versionBelow": "11.0", "machineBelow": "9.1"},
        "vendorSpecificBodies": "compared",
        "synthesizes": [],
        "source": "QEMU 9.1 to 10.x with a machine type of 9.0 or older: hw/core/machine.c hw_compat_9_0 sets vfio-pci skip-vsc-check=false, so vendor-specific bodies are compared on migration; no synthesized PASID before 11.0 (commit 06b38473cda8)."
    }$$),
    ('qemu-9.1-machine-9.1', $${
        "match": {"versionFrom": "9.1", "versionBelow": "11.0", "machineFrom": "9.1"},
        "vendorSpecificBodies": "skipped",
        "synthesizes": [],
        "source": "QEMU 9.1 to 10.x with a machine type of 9.1 or newer: vfio-pci skip-vsc-check defaults to on (hw/vfio/pci.c vfio_add_vendor_specific_cap clears the cmask of a standard vendor-specific capability's body after its 3-byte header); no synthesized PASID before 11.0 (commit 06b38473cda8)."
    }$$),
    ('qemu-11.0-q35-9.0', $${
        "match": {"versionFrom": "11.0", "machineFamilies": ["pc-q35", "pc-i440fx"], "machineBelow": "9.1"},
        "vendorSpecificBodies": "compared",
        "synthesizes": [],
        "source": "QEMU 11.0 or newer on an x86 machine type of 9.0 or older: skip-vsc-check off (hw_compat_9_0). QEMU 11.0 synthesizes a PASID only behind a vIOMMU that reports VIOMMU_FLAG_PASID_SUPPORTED, and intel_iommu does not in the merged series (its flag, commit 76aa4381c796, was queued in the pci tree on 2026-05-31, release not verified): no synthesized block can be built here. Edit this row when your build has it."
    }$$),
    ('qemu-11.0-q35-9.1', $${
        "match": {"versionFrom": "11.0", "machineFamilies": ["pc-q35", "pc-i440fx"], "machineFrom": "9.1"},
        "vendorSpecificBodies": "skipped",
        "synthesizes": [],
        "source": "QEMU 11.0 or newer on an x86 machine type of 9.1 or newer: skip-vsc-check on (its default since 9.1). No synthesized PASID on x86: intel_iommu does not report VIOMMU_FLAG_PASID_SUPPORTED in the series merged for 11.0 (commit 76aa4381c796 was queued on 2026-05-31, release not verified). Edit this row when your build has it."
    }$$),
    ('qemu-11.0-virt-9.0', $${
        "match": {"versionFrom": "11.0", "machineFamilies": ["virt"], "machineBelow": "9.1"},
        "vendorSpecificBodies": "compared",
        "synthesizes": [{"space": "extended", "id": 27, "property": "x-vpasid-cap-offset", "defaultOffset": 4088, "alignment": 4, "lowest": 256,
                         "note": "needs -device arm-smmuv3,accel=on,ssidsize=N and an iommufd backend; width, Exec and Priv come from the host's IOMMU_GET_HW_INFO"}],
        "source": "QEMU 11.0 or newer on an arm virt machine type of 9.0 or older: skip-vsc-check off (hw_compat_9_0); PASID synthesized by vfio-pci (commit 06b38473cda8, merged through pull-target-arm-20260129; qemu-devel v7 35/36 of 2026-01-11: x-vpasid-cap-offset 4-byte aligned, >= 0x100, within 4 KiB, else 0xff8 with a warning) when arm-smmuv3 accel=on reports VIOMMU_FLAG_PASID_SUPPORTED (ssidsize set)."
    }$$),
    ('qemu-11.0-virt-9.1', $${
        "match": {"versionFrom": "11.0", "machineFamilies": ["virt"], "machineFrom": "9.1"},
        "vendorSpecificBodies": "skipped",
        "synthesizes": [{"space": "extended", "id": 27, "property": "x-vpasid-cap-offset", "defaultOffset": 4088, "alignment": 4, "lowest": 256,
                         "note": "needs -device arm-smmuv3,accel=on,ssidsize=N and an iommufd backend; width, Exec and Priv come from the host's IOMMU_GET_HW_INFO"}],
        "source": "QEMU 11.0 or newer on an arm virt machine type of 9.1 or newer: skip-vsc-check on (default since 9.1); PASID synthesized by vfio-pci (commit 06b38473cda8, merged through pull-target-arm-20260129; qemu-devel v7 35/36 of 2026-01-11: x-vpasid-cap-offset 4-byte aligned, >= 0x100, within 4 KiB, else 0xff8 with a warning) when arm-smmuv3 accel=on reports VIOMMU_FLAG_PASID_SUPPORTED (ssidsize set)."
    }$$)
) as seeds (name, document),
(values ($${
    "vmm": "qemu",
    "device": "vfio-pci",
    "hides": [
        {"space": "extended", "ids": [5, 6, 7, 10, 12, 17, 20, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34], "idsFrom": 36,
         "note": "the kernel's vfio-pci hides them (vfio_pci_config.c: pci_ext_cap_length 0 for these and for every ID after DVSEC 0x23, and every ID above PCI_EXT_CAP_ID_MAX)"},
        {"space": "extended", "ids": [14, 16], "note": "QEMU drops ARI and SR-IOV (hw/vfio/pci.c vfio_add_ext_cap)"}
    ],
    "virtualizes": [
        {"space": "standard", "ids": [5, 17], "note": "QEMU emulates MSI and MSI-X (hw/vfio/pci.c vfio_msi_setup, vfio_msix_setup)"},
        {"space": "standard", "ids": [16], "note": "QEMU rewrites the PCI Express capability's port type for the virtual bus (hw/vfio/pci.c vfio_setup_pcie_cap)"},
        {"space": "extended", "ids": [21], "note": "QEMU shows Resizable BAR only when it can virtualize it to one size, and drops it otherwise (hw/vfio/pci.c vfio_setup_rebar_ecap)"}
    ]
}$$)) as shared (base);

-- Cloud Hypervisor: cloud-hypervisor/cloud-hypervisor PR #8790 ("pci: vfio: Add the ability
-- to expose the PASID capability on VFIO devices", merged) synthesizes a PASID for VFIO
-- devices; its tests place it at 0xff8 (PASID_CAP_OFFSET), and no option to choose another
-- offset was seen. PR #4456 filters SR-IOV, Resizable BAR and ARI. No config-space compare
-- on migration like QEMU's was seen, and PR #8528 (VFIO live migration, merged) refuses a
-- VFIO device behind a virtual IOMMU. Which release first carries #8790 was not verified,
-- so this profile has no match rule: a host names it (hook.conf profile=, report
-- --vmm-profile).
insert into vmm_profile (name, vmm, document, created_at, created_by, changed_at, changed_by) values
    ('cloud-hypervisor-pasid-0xff8', 'cloud-hypervisor', $${
        "vmm": "cloud-hypervisor",
        "match": null,
        "device": null,
        "vendorSpecificBodies": "unknown",
        "synthesizes": [{"space": "extended", "id": 27, "property": null, "defaultOffset": 4088, "alignment": 4, "lowest": 256,
                         "note": "placed at 0xff8; no option for another offset was seen"}],
        "hides": [
            {"space": "extended", "ids": [5, 6, 7, 10, 12, 17, 20, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34], "idsFrom": 36,
             "note": "the kernel's vfio-pci hides them (vfio_pci_config.c: pci_ext_cap_length 0 for these and for every ID after DVSEC 0x23, and every ID above PCI_EXT_CAP_ID_MAX)"},
            {"space": "extended", "ids": [14, 16, 21], "note": "Cloud Hypervisor filters ARI, SR-IOV and Resizable BAR (PR #4456, pci/src/vfio.rs)"}
        ],
        "virtualizes": [],
        "source": "cloud-hypervisor PR #8790 (merged; tests place the synthesized PASID at PASID_CAP_OFFSET 0xff8, no option for another offset seen), PR #4456 (SR-IOV, Resizable BAR, ARI filtered), PR #8528 (VFIO live migration; refused behind a virtual IOMMU). First release with #8790 not verified; no migration config-space compare seen, so vendor-specific bodies are 'unknown'. Name this profile explicitly: it has no match rule."
    }$$::jsonb, now(), 'seed', now(), 'seed');
