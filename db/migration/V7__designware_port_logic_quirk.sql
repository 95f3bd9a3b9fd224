-- Devices built on the Synopsys DesignWare PCIe core show that core's Port Logic registers
-- in extended config space from 0x700, outside every capability (Linux
-- drivers/pci/controller/dwc/pcie-designware.h: PLR_OFFSET 0x700, PCIE_PORT_DEBUG0 at 0x728
-- reports the live LTSSM state, PCIE_LINK_WIDTH_SPEED_CONTROL at 0x80c). Verdicts compare
-- the gaps between capabilities, so those registers must be a quirk range: two units of the
-- Realtek RTL8111/8168 (corpus tree-asus-p6t6, 07:00.0 and 08:00.0) differ only in 0x728,
-- and no synthesized block may be placed over them.
insert into quirk (vendor_id, device_id, all_gaps, ranges, reason, created_at, created_by) values
    (x'10ec'::int, x'8168'::int, false, '[{"start": 1792, "end": 2304}]',
     'Realtek RTL8111/8168: the Synopsys DesignWare PCIe core''s Port Logic registers at 0x700..0x8ff, live link state among them (PCIE_PORT_DEBUG0 at 0x728; Linux drivers/pci/controller/dwc/pcie-designware.h)',
     now(), 'seed');
