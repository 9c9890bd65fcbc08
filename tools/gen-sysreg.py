#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
"""Generate every register table of nvarm from tools/sysreg.db, the one source of register facts.

    python3 tools/gen-sysreg.py           rewrite the generated files
    python3 tools/gen-sysreg.py --check   exit 1 (and name them) if any generated file is stale
    python3 tools/gen-sysreg.py --lint F  only check database F (exit 2 with the errors)

The database (format in its header) lists every system register and system instruction the
project touches, sorted by encoding, and the fields of the registers whose bits the code uses.
It produces:
  include/nvarm/sysreg_regs.h       the NVARM_SYSREG_LIST rows (the library's registers: decode
                                    classes, vEL2 file, VNCR slots, E2H links, TLBI kinds) and
                                    NVARM_SYSREG_OTHER_LIST (encodings only other tables name:
                                    trap forwarding, the bare-metal shim), between markers;
  src/sysreg/sysreg_index.h         the two-level direct index nvarm_trap_decode() uses;
  include/nvarm/arm/vncr.h          VNCR_EL2 page offsets (C and assembly);
  include/nvarm/arm/sysreg_fields.h NVARM_<REG>_<FIELD> masks/shifts, RES0/RES1 (C and assembly);
  include/nvarm/arm/sysreg_encs.h   NVARM_ENC_<NAME> for every line (C and assembly);
  src/platform/baremetal/sysreg_list.h  the shim's NVARM_BM_SYSREGS list, between markers.
Checks (each error names the database line): encodings sorted and unique, names unique, fields
of a register (layout) non-overlapping and covering every bit as a field, RES0, RES1 or UNKNOWN,
links naming existing lines, VNCR offsets 8-byte aligned and distinct, TLBI lines with a kind.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = os.path.join(ROOT, "tools/sysreg.db")
SPDX_C = "/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */"
TLBI_KINDS = ("VA1", "VMALL1", "IPA", "RIPA", "S12", "ALL1", "EL2")
BM_ACC = ("RW", "RO", "WO", "RS")
BM_GUARDS = ("ALWAYS", "VH", "NV2", "FGT", "HCX", "ECV", "LR", "APR")
SPECIAL = ("RES0", "RES1", "UNKNOWN")

errors = []


def err(lineno, msg):
    errors.append("%s:%d: %s" % (os.path.relpath(DB, ROOT), lineno, msg))


class Reg:
    def __init__(self, lineno, name, enc):
        self.lineno, self.name, self.enc = lineno, name, enc
        self.other = False
        self.vncr = None
        self.link = None
        self.feat = []
        self.flags = []
        self.tk = None
        self.bm = None
        self.comments = []

    def key(self):
        op0, op1, crn, crm, op2 = self.enc
        return (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5)


def bits(spec, lineno):
    m = re.fullmatch(r"(\d+)(?::(\d+))?", spec)
    if not m:
        err(lineno, "bad bit range '%s'" % spec)
        return 0, 0
    hi = int(m.group(1))
    lo = int(m.group(2)) if m.group(2) is not None else hi
    if hi > 63 or lo > hi:
        err(lineno, "bad bit range '%s'" % spec)
    return hi, lo


def parse():
    regs, fields = [], []  # fields: (reg, layout, lineno, [(hi, lo, name, lineno)])
    cur = None
    pending = []
    for lineno, raw in enumerate(open(DB), 1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("##") else ""
        if raw.lstrip().startswith("##"):
            if cur is not None:
                err(lineno, "list comment inside a fields block")
            pending.append(raw.strip()[2:].strip())
            continue
        if not line.strip():
            continue
        t = line.split()
        if cur is not None:
            if t[0] == "end":
                fields.append(cur)
                cur = None
            elif len(t) == 2:
                hi, lo = bits(t[0], lineno)
                cur[3].append((hi, lo, t[1], lineno))
            else:
                err(lineno, "field lines are 'BITS NAME'")
            continue
        if t[0] == "fields":
            if len(t) not in (2, 3):
                err(lineno, "'fields REG [LAYOUT]'")
                continue
            cur = (t[1], t[2] if len(t) == 3 else None, lineno, [])
            continue
        if len(t) < 6 or not all(x.isdigit() for x in t[1:6]):
            err(lineno, "register lines are 'NAME op0 op1 CRn CRm op2 [attributes]'")
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", t[0]):
            err(lineno, "register name '%s' is not an identifier" % t[0])
        r = Reg(lineno, t[0], tuple(int(x) for x in t[1:6]))
        r.comments, pending = pending, []
        lim = (3, 7, 15, 15, 7)
        # op0 0 is the MSR (immediate) space: no register, only as a trapped ISS ('other')
        if any(v > m for v, m in zip(r.enc, lim)) or (r.enc[0] == 0 and "other" not in t[6:]):
            err(lineno, "encoding field out of range")
        for a in t[6:]:
            k, _, v = a.partition("=")
            if k == "other" and not v:
                r.other = True
            elif k == "vncr":
                r.vncr = int(v, 16)
            elif k == "link":
                r.link = v
            elif k == "feat":
                r.feat = v.split("|")
            elif k == "flags":
                r.flags = v.split("|")
            elif k == "tk":
                if v not in TLBI_KINDS:
                    err(lineno, "unknown TLBI kind " + v)
                r.tk = v
            elif k == "bm":
                p = v.split("/")
                acc, guard, arg = p[0], p[1] if len(p) > 1 else "ALWAYS", int(p[2]) if len(p) > 2 else 0
                if acc not in BM_ACC or guard not in BM_GUARDS:
                    err(lineno, "bad bm=" + v)
                r.bm = (acc, guard, arg)
            else:
                err(lineno, "unknown attribute " + a)
        regs.append(r)
    if cur is not None:
        err(cur[2], "fields block without 'end'")
    return regs, fields


def check(regs, fields):
    names = {}
    for i, r in enumerate(regs):
        if r.name in names:
            err(r.lineno, "%s also on line %d" % (r.name, names[r.name]))
        names[r.name] = r.lineno
        if i and regs[i - 1].key() >= r.key():
            err(r.lineno, "%s: not in ascending encoding order (after %s)" % (r.name, regs[i - 1].name))
        if r.other and (r.vncr is not None or r.link or r.feat or r.flags or r.tk):
            err(r.lineno, "an 'other' line has only an encoding (and bm=)")
        if not r.other and not r.flags:
            err(r.lineno, "flags= missing")
        insn = r.enc[0] == 1
        tlbi = any(f in ("_TLBI", "TLBI") for f in r.flags)
        if tlbi != (r.tk is not None):
            err(r.lineno, "a TLBI line needs tk=KIND, and only a TLBI line has one")
        if r.vncr is not None and (r.vncr % 8 or r.vncr >= 4096):
            err(r.lineno, "VNCR offset not an 8-byte slot of the page")
        if r.bm and insn:
            err(r.lineno, "the shim reaches registers, not instructions")
    byname = {r.name: r for r in regs}
    seen = {}
    for r in regs:
        if r.vncr is not None:
            if r.vncr in seen:
                err(r.lineno, "VNCR offset 0x%x also used by %s" % (r.vncr, seen[r.vncr]))
            seen[r.vncr] = r.name
        if r.link and (r.link not in byname or byname[r.link].other):
            err(r.lineno, "link=%s names no register of the list" % r.link)
    for reg, layout, lineno, fl in fields:
        if reg not in byname:
            err(lineno, "fields of unknown register " + reg)
        used = 0
        fnames = set()
        for hi, lo, name, ln in fl:
            m = ((1 << (hi + 1)) - 1) & ~((1 << lo) - 1)
            if used & m:
                err(ln, "%s.%s overlaps an earlier field" % (reg, name))
            used |= m
            if name not in SPECIAL:
                if name in fnames:
                    err(ln, "%s.%s twice" % (reg, name))
                fnames.add(name)
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
                err(ln, "bad field name " + name)
        if used != (1 << 64) - 1:
            gaps = [b for b in range(64) if not (used >> b) & 1]
            err(lineno, "%s%s: bits %s are neither a field nor RES0/RES1/UNKNOWN" %
                (reg, " " + layout if layout else "", ",".join(str(b) for b in gaps)))
    keys = [(f[0], f[1]) for f in fields]
    for k in set(keys):
        if keys.count(k) > 1:
            err(0, "fields %s %s given twice" % k)


# ------------------------------------------------------------------ outputs

def c_flags(r):
    out = ["NVARM_SRF_" + f for f in r.flags]
    if r.tk:
        out.append("NVARM_SRF_TK_" + r.tk)
    return " | ".join(out)


def c_feat(r):
    if not r.feat:
        return "0"
    return " | ".join([r.feat[0]] + ["NVARM_VMF_" + f for f in r.feat[1:]])


def gen_list(regs):
    main = [r for r in regs if not r.other]
    other = [r for r in regs if r.other]
    o = []
    o.append("/* BEGIN GENERATED by tools/gen-sysreg.py from tools/sysreg.db: edit the database. */")
    o.append("/* clang-format off */")
    o.append("/**")
    o.append(" * @brief The register list (see the file comment for the columns). Sorted by encoding.")
    o.append(" *")
    o.append(" * Feature names in the `feat` column are ::nvarm_vm_feature flags without the NVARM_VMF_ prefix")
    o.append(" * and are pasted by the consumer of the list (VHE, SVE, FGT, FGT2, HCRX, ECV, RAS, TLBIOS,")
    o.append(" * TLBIRANGE, XS, L1NV2; 0 for none). Every TLBI L1 can issue is listed, by the features its ID")
    o.append(" * registers show: base forms, the FEAT_TLBIOS Outer Shareable forms, the FEAT_TLBIRANGE range")
    o.append(" * forms and (CRn=9) the FEAT_XS nXS forms of all of them.")
    o.append(" */")
    o.append("#define NVARM_SYSREG_LIST(X) \\")
    rows = []
    for r in main:
        for c in r.comments:
            rows.append("\t/* %s */" % c)
        vn = "0x%03x" % r.vncr if r.vncr is not None else "NVARM_VNCR_NONE"
        rows.append("\tX(%s, %d, %d, %d, %d, %d, %s, %s, %s, %s)" %
                    ((r.name,) + r.enc + (vn, r.link or "NONE", c_feat(r), c_flags(r))))
    o += [x + " \\" for x in rows[:-1]] + [rows[-1]]
    o.append("")
    o.append("/**")
    o.append(" * @brief Encodings the database knows that are not in ::NVARM_SYSREG_LIST (nvarm_trap_decode()")
    o.append(" *        reports them as unknown): named only by the trap-forwarding rules or the bare-metal")
    o.append(" *        shim. `X(name, op0, op1, CRn, CRm, op2)`, sorted by encoding.")
    o.append(" */")
    o.append("#define NVARM_SYSREG_OTHER_LIST(X) \\")
    rows = ["\tX(%s, %d, %d, %d, %d, %d)" % ((r.name,) + r.enc) for r in other]
    o += [x + " \\" for x in rows[:-1]] + [rows[-1]]
    o.append("/* clang-format on */")
    o.append("/* END GENERATED */")
    return "\n".join(o)


def gen_index(regs):
    main = [r for r in regs if not r.other]
    none = len(main)
    blocks = [[none] * 16]
    l1 = [0] * 4096
    for rid, r in enumerate(main):
        op0, op1, crn, crm, op2 = r.enc
        k1 = (op0 << 10) | (op2 << 7) | (op1 << 4) | crn
        if l1[k1] == 0:
            blocks.append([none] * 16)
            l1[k1] = len(blocks) - 1
        blocks[l1[k1]][crm] = rid
    if len(blocks) > 255 or none >= 0xFFFF:
        errors.append("index too large")
    o = [SPDX_C]
    o.append("/* GENERATED by tools/gen-sysreg.py from tools/sysreg.db: do not edit.")
    o.append(" * %d registers, %d level-2 blocks. */" % (none, len(blocks)))
    o.append("#ifndef NVARM_SRC_SYSREG_INDEX_H")
    o.append("#define NVARM_SRC_SYSREG_INDEX_H")
    o.append("")
    o.append("#define NVARM__SYSREG_INDEX_NREGS %d" % none)
    o.append("#define NVARM__SYSREG_INDEX_NONE %d /* level-2 value: no register */" % none)
    o.append("")
    o.append("/* level 1: op0:op2:op1:CRn (ISS[21:10]) -> block */")
    o.append("static const uint8_t nvarm__sysreg_l1[4096] = {")
    for i in range(0, 4096, 32):
        o.append("\t" + ",".join("%d" % v for v in l1[i:i + 32]) + ",")
    o.append("};")
    o.append("")
    o.append("/* level 2: block, CRm -> register id (NVARM__SYSREG_INDEX_NONE: none) */")
    o.append("static const uint16_t nvarm__sysreg_l2[%d][16] = {" % len(blocks))
    for b in blocks:
        o.append("\t{" + ", ".join("%d" % v for v in b) + "},")
    o.append("};")
    o.append("")
    o.append("#endif")
    return "\n".join(o) + "\n"


def gen_vncr(regs):
    v = [(r.name, r.vncr) for r in regs if r.vncr is not None]
    h = [SPDX_C, "/**", " * @file vncr.h"]
    h.append(" * @brief Byte offsets of registers in the VNCR_EL2 page (FEAT_NV2), usable from C and assembly.")
    h.append(" *")
    h.append(" * GENERATED by tools/gen-sysreg.py from tools/sysreg.db (the source of truth, also checked by")
    h.append(" * nvarm_sysreg_table_check()); do not edit.")
    h.append(" */")
    h.append("#ifndef NVARM_ARM_VNCR_H")
    h.append("#define NVARM_ARM_VNCR_H")
    h.append("")
    width = max(len(n) for n, _ in v) + len("#define NVARM_VNCR_") + 1
    for name, off in sorted(v, key=lambda x: x[1]):
        h.append("%s 0x%03x /**< %s. */" % (("#define NVARM_VNCR_" + name).ljust(width), off, name))
    h.append("")
    h.append("/** @brief Number of registers with a VNCR_EL2 page slot. */")
    h.append("#define NVARM_VNCR_COUNT %d" % len(v))
    h.append("")
    h.append("#endif /* NVARM_ARM_VNCR_H */")
    return "\n".join(h) + "\n"


def gen_encs(regs):
    h = [SPDX_C, "/**", " * @file sysreg_encs.h"]
    h.append(" * @brief Packed encodings (arm/sysreg_enc.h) of every register and system instruction of the")
    h.append(" *        register database by name, usable from C and assembly: NVARM_ENC_<NAME>.")
    h.append(" *")
    h.append(" * GENERATED by tools/gen-sysreg.py from tools/sysreg.db; do not edit. System instructions")
    h.append(" * are named as in the database (NVARM_ENC_TLBI_VMALLE1IS, NVARM_ENC_AT_S1E2R).")
    h.append(" */")
    h.append("#ifndef NVARM_ARM_SYSREG_ENCS_H")
    h.append("#define NVARM_ARM_SYSREG_ENCS_H")
    h.append("")
    h.append('#include "sysreg_enc.h"')
    h.append("")
    w = max(len(r.name) for r in regs) + len("#define NVARM_ENC_") + 1
    for r in regs:
        h.append("%sNVARM_SYSREG_ENC(%d, %d, %d, %d, %d) /**< %s. */" %
                 ((("#define NVARM_ENC_" + r.name).ljust(w),) + r.enc + (r.name,)))
    h.append("")
    h.append("#endif /* NVARM_ARM_SYSREG_ENCS_H */")
    return "\n".join(h) + "\n"


def gen_fields(fields):
    h = [SPDX_C, "/**", " * @file sysreg_fields.h"]
    h.append(" * @brief System register fields (masks, shifts, RES0/RES1), usable from C and assembly.")
    h.append(" *")
    h.append(" * GENERATED by tools/gen-sysreg.py from the `fields` blocks of tools/sysreg.db (Arm ARM DDI 0487")
    h.append(" * D24.2 register descriptions, GICv3 IHI 0069 12.4 for ICH_*); do not edit. For a field F of")
    h.append(" * register R (layout L for registers with two layouts, e.g. E2H0/E2H1):")
    h.append(" * NVARM_R[_L]_F (one-bit fields: the bit) or NVARM_R[_L]_F_MASK (in place) and _F_WIDTH, and")
    h.append(" * NVARM_R[_L]_F_SHIFT; NVARM_R[_L]_RES0 / _RES1 / _UNKNOWN collect the reserved bits.")
    h.append(" * Every bit of a described register is a field or reserved (the generator checks it).")
    h.append(" */")
    h.append("#ifndef NVARM_ARM_SYSREG_FIELDS_H")
    h.append("#define NVARM_ARM_SYSREG_FIELDS_H")
    h.append("")
    h.append("/** @cond NVARM_INTERNAL */")
    h.append("#ifndef NVARM_ULL")
    h.append("#ifdef __ASSEMBLER__")
    h.append("#define NVARM_ULL(x) x")
    h.append("#else")
    h.append("#define NVARM_ULL(x) x##ULL")
    h.append("#endif")
    h.append("#endif")
    h.append("/** @endcond */")
    for reg, layout, _, fl in fields:
        p = "NVARM_%s%s_" % (reg, "_" + layout if layout else "")
        h.append("")
        h.append("/** @name %s%s fields */" % (reg, " (%s layout)" % layout if layout else ""))
        h.append("/**@{*/")
        spec = {"RES0": 0, "RES1": 0, "UNKNOWN": 0}
        defs = []
        for hi, lo, name, _ in sorted(fl, key=lambda f: f[1]):
            m = ((1 << (hi + 1)) - 1) & ~((1 << lo) - 1)
            if name in spec:
                spec[name] |= m
                continue
            rng = "bit [%d]" % lo if hi == lo else "bits [%d:%d]" % (hi, lo)
            if hi == lo:
                defs.append((p + name, "NVARM_ULL(0x%x)" % m, "%s.%s, %s." % (reg, name, rng)))
                defs.append((p + name + "_SHIFT", "%d" % lo, "%s.%s: shift." % (reg, name)))
                continue
            defs.append((p + name + "_SHIFT", "%d" % lo, "%s.%s, %s: shift." % (reg, name, rng)))
            defs.append((p + name + "_WIDTH", "%d" % (hi - lo + 1), "%s.%s: width." % (reg, name)))
            defs.append((p + name + "_MASK", "NVARM_ULL(0x%x)" % m, "%s.%s: mask." % (reg, name)))
        for k in ("RES0", "RES1", "UNKNOWN"):
            defs.append((p + k, "NVARM_ULL(0x%x)" % spec[k], "%s: %s bits." % (reg, k)))
        w = max(len(d[0]) for d in defs) + 9
        for n, v, doc in defs:
            h.append(("#define " + n).ljust(w) + v + " /**< " + doc + " */")
        h.append("/**@}*/")
    h.append("")
    h.append("/**")
    h.append(" * @brief Every field above as data: `X(register, layout, field, hi, lo)` (layout ANY for")
    h.append(" *        registers with one layout; reserved ranges as RES0/RES1/UNKNOWN), for tables and")
    h.append(" *        tests that check other tables against the database.")
    h.append(" */")
    rows = []
    for reg, layout, _, fl in fields:
        for hi, lo, name, _ in sorted(fl, key=lambda f: f[1]):
            rows.append("\tX(%s, %s, %s, %d, %d)" % (reg, layout or "ANY", name, hi, lo))
    h.append("#define NVARM_SYSREG_FIELD_LIST(X) \\")
    h += [x + " \\" for x in rows[:-1]] + [rows[-1]]
    h.append("")
    h.append("#endif /* NVARM_ARM_SYSREG_FIELDS_H */")
    return "\n".join(h) + "\n"


def gen_bm(regs):
    rows = []
    for r in regs:
        if not r.bm:
            continue
        acc, guard, arg = r.bm
        rows.append("\t%s(%-17s %d, %d, %2d, %2d, %d, %-7s %2d)" %
                    (acc, r.name + ",", r.enc[0], r.enc[1], r.enc[2], r.enc[3], r.enc[4], guard + ",", arg))
    o = ["/* BEGIN GENERATED by tools/gen-sysreg.py from tools/sysreg.db (bm= attributes). */",
         "/* clang-format off */", "#define NVARM_BM_SYSREGS(RW, RO, WO, RS) \\"]
    o += [x + " \\" for x in rows[:-1]] + [rows[-1]]
    o += ["/* clang-format on */", "/* END GENERATED */"]
    return "\n".join(o)


def splice(path, block):
    text = open(os.path.join(ROOT, path)).read()
    a = text.find("/* BEGIN GENERATED")
    b = text.find("/* END GENERATED */")
    if a < 0 or b < 0:
        errors.append("%s: no BEGIN/END GENERATED markers" % path)
        return text
    return text[:a] + block + text[b + len("/* END GENERATED */"):]


def main():
    global DB
    if "--lint" in sys.argv:
        DB = sys.argv[sys.argv.index("--lint") + 1]
    regs, fields = parse()
    check(regs, fields)
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        return 2
    if "--lint" in sys.argv:
        return 0
    outs = {
        "include/nvarm/sysreg_regs.h": splice("include/nvarm/sysreg_regs.h", gen_list(regs)),
        "src/sysreg/sysreg_index.h": gen_index(regs),
        "include/nvarm/arm/vncr.h": gen_vncr(regs),
        "include/nvarm/arm/sysreg_fields.h": gen_fields(fields),
        "include/nvarm/arm/sysreg_encs.h": gen_encs(regs),
        "src/platform/baremetal/sysreg_list.h": splice("src/platform/baremetal/sysreg_list.h", gen_bm(regs)),
    }
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        return 2
    stale = []
    for path, text in outs.items():
        full = os.path.join(ROOT, path)
        old = open(full).read() if os.path.exists(full) else None
        if old != text:
            stale.append(path)
            if "--check" not in sys.argv:
                open(full, "w").write(text)
    if "--check" in sys.argv:
        if stale:
            sys.stderr.write("stale (run python3 tools/gen-sysreg.py): %s\n" % " ".join(stale))
            return 1
        print("tools/sysreg.db: %d lines (%d in NVARM_SYSREG_LIST), %d field layouts: generated files"
              " up to date" % (len(regs), sum(not r.other for r in regs), len(fields)))
        return 0
    print("%d registers (%d listed, %d other), %d field layouts; wrote %s" %
          (len(regs), sum(not r.other for r in regs), sum(r.other for r in regs), len(fields),
           ", ".join(stale) or "nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
