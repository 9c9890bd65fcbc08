#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
"""The checks of tools/gen-sysreg.py catch what they claim: each case breaks one thing in a copy
of a small valid database and expects the generator to refuse it with that error on that line."""
import os
import subprocess
import sys
import tempfile

GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen-sysreg.py")

GOOD = """\
TLBI_IPAS2E1IS   1 4  8  0 1  flags=_TLBI tk=IPA
SCTLR_EL1        3 0  1  0 0  vncr=0x110 link=SCTLR_EL2 flags=EL1
TPIDR_EL0        3 3 13  0 2  other bm=RW
SCTLR_EL2        3 4  1  0 0  flags=EL2
HCR_EL2          3 4  1  1 0  vncr=0x078 flags=EL2 bm=RW
CPTR_EL2         3 4  1  1 2  flags=EL2
HSTR_EL2         3 4  1  1 3  vncr=0x080 flags=EL2
fields HCR_EL2
  0 VM
  1 SWIO
  33:2 UNKNOWN
  63:34 RES0
end
fields CPTR_EL2 E2H0
  9:0 RES1
  10 TFP
  63:11 RES0
end
"""

# (what breaks, old text, new text, expected message, expected line)
CASES = [
    ("order", "HSTR_EL2         3 4  1  1 3", "HSTR_EL2         3 4  1  1 1",
     "not in ascending encoding order", 7),
    ("duplicate name", "HSTR_EL2 ", "HCR_EL2  ", "also on line 5", 7),
    ("vncr slot shared", "vncr=0x080", "vncr=0x078", "also used by HCR_EL2", 7),
    ("vncr misaligned", "vncr=0x080", "vncr=0x084", "not an 8-byte slot", 7),
    ("dangling link", "link=SCTLR_EL2", "link=SCTLR_EL3", "names no register", 2),
    ("tlbi without kind", " tk=IPA", "", "needs tk=KIND", 1),
    ("kind on a register", "flags=EL2 bm=RW", "flags=EL2 tk=IPA bm=RW", "needs tk=KIND", 5),
    ("other with flags", "other bm=RW", "other flags=EL1", "only an encoding", 3),
    ("bad name", "TPIDR_EL0 ", "TPIDR/EL0 ", "not an identifier", 3),
    ("field overlap", "  1 SWIO", "  1:0 SWIO", "overlaps an earlier field", 10),
    ("field gap", "  33:2 UNKNOWN", "  33:3 UNKNOWN", "bits 2 are neither", 8),
    ("gap in a layout", "  9:0 RES1", "  8:0 RES1", "bits 9 are neither", 14),
    ("field twice", "  1 SWIO", "  1 VM", "VM twice", 10),
    ("unknown register", "fields CPTR_EL2 E2H0", "fields CPTR_EL3 E2H0", "unknown register", 14),
    ("bad bm", "bm=RW\nCPTR", "bm=XX\nCPTR", "bad bm=", 5),
    ("encoding out of range", "3 3 13  0 2", "3 3 16  0 2", "out of range", 3),
]


def run(text):
    with tempfile.NamedTemporaryFile("w", suffix=".db", delete=False) as f:
        f.write(text)
    try:
        p = subprocess.run([sys.executable, GEN, "--lint", f.name], capture_output=True, text=True)
        return p.returncode, p.stderr, os.path.basename(f.name)
    finally:
        os.unlink(f.name)


def main():
    bad = 0
    rc, out, _ = run(GOOD)
    if rc != 0:
        print("the valid database is refused:\n" + out)
        return 1
    for what, old, new, msg, line in CASES:
        if old not in GOOD:
            print("case %s: bad test (text not found)" % what)
            bad += 1
            continue
        rc, out, name = run(GOOD.replace(old, new, 1))
        want = ":%d: " % line
        if rc != 2 or not any(msg in l and want in l for l in out.splitlines()):
            print("case %s: expected '%s' at line %d, got rc %d:\n%s" % (what, msg, line, rc, out))
            bad += 1
    print("%d of %d cases refused as expected" % (len(CASES) - bad, len(CASES)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
