#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
"""nvarm-esr knows every register and system instruction of the register database.

    python3 tools/test-nvarm-esr.py NVARM-ESR

For every line of tools/sysreg.db, the ESR_EL2 of a trapped MRS (registers) or SYS (system
instructions) of its encoding must decode to a line naming it, with its S<op0>_<op1>_C<n>_C<m>_<op2>
form. Exit 1 naming each miss.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = re.compile(r"^([A-Z][A-Z0-9_]*)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)(\s|$)")


def esr_of(op0, op1, crn, crm, op2):
    # EC 0x18, IL=1, Rt=1, direction: read for registers (MRS), write for instructions (SYS)
    read = 0 if op0 == 1 else 1
    iss = (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (1 << 5) | (crm << 1) | read
    return (0x18 << 26) | (1 << 25) | iss


def main():
    regs = []
    for raw in open(os.path.join(ROOT, "tools/sysreg.db")):
        m = LINE.match(raw)
        if m:
            regs.append((m.group(1), tuple(int(m.group(i)) for i in range(2, 7))))
    if len(regs) < 100:
        sys.exit("test-nvarm-esr: only %d register lines parsed" % len(regs))
    args = ["%x" % esr_of(*enc) for _, enc in regs]
    out = subprocess.run([sys.argv[1]] + args, capture_output=True, text=True).stdout.splitlines()
    if len(out) != len(regs):
        sys.exit("test-nvarm-esr: %d lines for %d values" % (len(out), len(regs)))
    bad = []
    for (name, enc), line in zip(regs, out):
        sform = "S%d_%d_C%d_C%d_%d" % enc
        if not re.search(r"[ ,]%s[ ,]" % re.escape(name), line) or sform not in line:
            bad.append("%s %s: %s" % (name, sform, line))
    for b in bad:
        print("not named:", b)
    print("nvarm-esr: %d of %d database lines named" % (len(regs) - len(bad), len(regs)))
    sys.exit(1 if bad else 0)


main()
